/**
 * A seeded corpus of bad and odd inputs (reliability issue, part 4): schedule definitions,
 * deployments files and config files. Generated with fast-check from a fixed seed, so a
 * failure names a case that the same seed reproduces; RELIABILITY_SEED picks another seed.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';

export const SEED = Number(process.env.RELIABILITY_SEED ?? 20260521);

/** `n` values of `arb`, always the same ones for the same seed and salt. */
export function sample<T>(arb: fc.Arbitrary<T>, n: number, salt: number): T[] {
  return fc.sample(arb, { seed: SEED + salt, numRuns: n });
}

/** Shows a case in a failure message: strings escaped, long ones cut. */
export function show(value: unknown, max = 300): string {
  let text: string;
  try {
    text =
      typeof value === 'string'
        ? JSON.stringify(value)
        : JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  } catch {
    text = String(value);
  }
  text ??= String(value);
  return text.length > max ? `${text.slice(0, max)}... (${text.length} chars)` : text;
}

// ---------------------------------------------------------------------------------------
// Building blocks

const WHITESPACE = [
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\r',
  '\u00a0',
  '\u2003',
  '\u3000',
  '\u200b',
  '\u2028',
  '\f',
  '\v',
  '',
];
const ODD_TEXT = [
  '',
  ' ',
  '\u0000',
  '\u001b[2J',
  '\u0007',
  '\ufeff',
  '\ud83d\ude00',
  '\ud83d',
  'é',
  'e\u0301',
  '\u202e',
  'ß',
  'İ',
  "'",
  '"',
  '`',
  '\\',
  '%',
  '%%',
  '%s',
  '%n',
  ';',
  '--',
  '/*',
  '*/',
  "' OR '1'='1",
  '"; DROP TABLE "Flow"; --',
  "'); DELETE FROM flow_run; --",
  '${HOME}',
  '{{ x }}',
  '$(id)',
  '<script>',
  '\n',
  '\r\n',
  'null',
  'undefined',
  'NaN',
  '__proto__',
  'constructor',
  'x'.repeat(5000),
];

const oneOf = <T>(values: readonly T[]) => fc.constantFrom(...values);
const text = fc.oneof(
  { weight: 3, arbitrary: oneOf(ODD_TEXT) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);

const hugeNumbers = [
  0,
  -0,
  -1,
  1,
  0.5,
  1e-7,
  5e-324,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  1e15,
  8.64e15,
  1e16,
  1e21,
  1e308,
  -1e308,
  Infinity,
  -Infinity,
  NaN,
];
const wrongTypes: unknown[] = [null, true, false, 0, 1.5, [], [1], {}, { a: 1 }, [[[[]]]], 'x'];

// ---------------------------------------------------------------------------------------
// Timezones

export const TIMEZONES: unknown[] = [
  'UTC',
  'Etc/UTC',
  'utc',
  'Europe/Berlin',
  'europe/berlin',
  'EUROPE/BERLIN',
  'America/New_York',
  'Asia/Kolkata',
  'Asia/Calcutta',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Antarctica/Troll',
  'Pacific/Kiritimati',
  'Pacific/Apia',
  'Africa/Casablanca',
  'America/Nuuk',
  'Etc/GMT-14',
  'Etc/GMT+12',
  'EST5EDT',
  'US/Pacific',
  'GMT',
  'Z',
  'Mars/Olympus',
  'Etc/GMT+14',
  'UTC+5',
  'UTC+05:00',
  '+05:00',
  '-00:00',
  'GMT+0',
  'Local',
  'local',
  'Factory',
  'posixrules',
  'right/UTC',
  'SystemV/EST5',
  'Etc/Unknown',
  'Europe/',
  '/Berlin',
  'Europe//Berlin',
  'Europe/Berlin\n',
  'Europe/Berlin\u0000',
  ' Europe/Berlin ',
  '../../etc/passwd',
  '/etc/localtime',
  'Америка/Москва',
  '\ud83d\udd50',
  'A'.repeat(10_000),
  '',
  ' ',
  '\t',
  'null',
  'undefined',
  "Europe/Berlin'; DROP TABLE x; --",
  '%',
  0,
  123,
  -5,
  true,
  [],
  ['UTC'],
  {},
  { name: 'UTC' },
  null,
];
const timezone = fc.oneof({ weight: 5, arbitrary: oneOf(TIMEZONES) }, { weight: 1, arbitrary: text });

/** A copy with one more own key; `__proto__` becomes an own key, as JSON.parse makes it. */
function withKey(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...object };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Adds the optional keys of a definition: absent, or one of the values given. */
function withOptional(
  base: fc.Arbitrary<Record<string, unknown>>,
  key: string,
  values: fc.Arbitrary<unknown>,
): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(base, fc.option(values, { freq: 2, nil: undefined }), fc.boolean())
    .map(([definition, value, present]) =>
      present && value !== undefined ? { ...definition, [key]: value } : definition,
    );
}

// ---------------------------------------------------------------------------------------
// Cron

const CRON_TOKENS = [
  '*',
  '0',
  '5',
  '*/5',
  '1-5',
  '1,2,3',
  'MON',
  'mon',
  'JAN',
  'L',
  '?',
  'MON-FRI',
  '1-5/2',
  '7',
  '31',
  '29',
  '60',
  '61',
  '24',
  '32',
  '13',
  '8',
  '-1',
  '99999999999999999999',
  '1e3',
  '0x1F',
  '1.5',
  '*/0',
  '*/-1',
  '5-1',
  '1-',
  '-',
  ',',
  ',,',
  '1,',
  '*/',
  '/5',
  '**',
  'FOO',
  'MONDAY',
  'L-40',
  '15W',
  'LW',
  '6#6',
  '5#3',
  '0#1',
  '\u0661',
  '\uff10',
  '\u00bd',
  '\u221e',
  'NaN',
  'Infinity',
  '${x}',
  "'",
  '"',
  ';',
  '%',
  '\\',
  '\u200b',
  '\ud83d\ude00',
  '9'.repeat(400),
  '*/99999999999',
  '0-59/0',
  '1-100000',
  'JAN-DEC',
  'SUN-SAT',
  'SAT-SUN',
  'H',
  '@',
  '#',
];
const cronToken = fc.oneof(
  { weight: 6, arbitrary: oneOf(CRON_TOKENS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const CRON_MACROS = [
  '@daily',
  '@DAILY',
  '@hourly',
  '@weekly',
  '@monthly',
  '@yearly',
  '@annually',
  '@midnight',
  '@reboot',
  '@every 5m',
  '@',
  '@hourly 5',
  '@ daily',
];

const cronText = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.array(cronToken, { minLength: 0, maxLength: 8 }),
        oneOf(WHITESPACE),
        oneOf(WHITESPACE),
        oneOf(WHITESPACE),
      )
      .map(([fields, sep, before, after]) => `${before}${fields.join(sep === '' ? ' ' : sep)}${after}`),
  },
  // Valid shapes with odd whitespace around and between the five fields.
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.array(oneOf(['0', '*', '*/15', '9', '1-5', 'MON', 'L']), { minLength: 5, maxLength: 5 }),
        fc.array(oneOf(WHITESPACE.filter((w) => w !== '')), { minLength: 6, maxLength: 6 }),
      )
      .map(([fields, seps]) => seps[0] + fields.map((f, i) => f + seps[i + 1]).join('')),
  },
  { weight: 2, arbitrary: oneOf(CRON_MACROS) },
  { weight: 1, arbitrary: text },
);
const cronValue = fc.oneof({ weight: 9, arbitrary: cronText }, { weight: 1, arbitrary: oneOf(wrongTypes) });

const cronDefinition = withOptional(
  withOptional(
    cronValue.map((cron) => ({ cron })),
    'timezone',
    timezone,
  ),
  'day_or',
  oneOf<unknown>([true, false, 'true', 'yes', 1, 0, null, [], 'false']),
);

// ---------------------------------------------------------------------------------------
// Interval

const INTERVAL_VALUES: unknown[] = [
  ...hugeNumbers,
  0.0005,
  0.001,
  0.0015,
  59.999,
  60,
  86_400,
  86_400.5,
  90_000,
  604_800,
  31_536_000_000,
  8.64e12,
  '3600',
  ' 3600 ',
  '1e3',
  '0x10',
  '-5',
  '0',
  'PT1H',
  'P1D',
  'P',
  'PT',
  'P1Y',
  'P1M',
  '-PT1H',
  'PT0S',
  'PT1H30M',
  'P1DT1S',
  'P99999999999D',
  '1:00:00',
  '',
  'abc',
  '\u0661\u0660',
  'Infinity',
  'NaN',
  ...wrongTypes,
];
const intervalValue = fc.oneof(
  { weight: 6, arbitrary: oneOf(INTERVAL_VALUES) },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer({ min: -1000, max: 10_000_000 }) },
  { weight: 1, arbitrary: text },
);

const ANCHORS: unknown[] = [
  '2026-01-01T00:00:00Z',
  '2026-01-01',
  '2026-01-01T00:00:00',
  '2026-01-01T00:00',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '1969-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59Z',
  '10000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '+275760-09-13T00:00:00.001Z',
  '-271821-04-20T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '2026-02-29T00:00:00Z',
  '2028-02-29T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-00-10T00:00:00Z',
  '2026-01-01T24:00:00Z',
  '2026-01-01T25:00:00Z',
  '2026-12-31T23:59:60Z',
  '2026-01-01T00:00:00+25:00',
  '2026-01-01T00:00:00+14:00',
  '2026-01-01T00:00:00-12:00',
  '2026-01-01T00:00:00+05:45',
  '2026-03-29T02:30:00',
  '2026-10-25T02:30:00',
  '2026-03-08T02:30:00',
  '2026-01-01T00:00:00.123456789Z',
  '2026-01-01 00:00:00',
  '2026-W01-1',
  '2026-001',
  '20260101T000000Z',
  '1767225600',
  '',
  ' ',
  'now',
  'tomorrow',
  'Z',
  'T',
  '2026-01-01T00:00:00ZZ',
  '\uff12\uff10\uff12\uff16-01-01',
  '2026-01-01T00:00:00Z\n',
  '2026-01-01T00:00:00Z; DROP TABLE x',
  1_767_225_600,
  1_767_225_600_000,
  -8.64e15,
  ...wrongTypes,
];
const anchor = fc.oneof(
  { weight: 5, arbitrary: oneOf(ANCHORS) },
  {
    weight: 2,
    arbitrary: fc
      .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
      .map((d) => d.toISOString()),
  },
  { weight: 1, arbitrary: text },
);

const intervalDefinition = withOptional(
  withOptional(
    intervalValue.map((interval) => ({ interval })),
    'anchor_date',
    anchor,
  ),
  'timezone',
  timezone,
);

// ---------------------------------------------------------------------------------------
// RRule

const RRULE_PREFIXES = [
  '',
  '',
  '',
  'RRULE:',
  'rrule:',
  'RRULE: ',
  'DTSTART:20260101T000000Z\nRRULE:',
  'DTSTART;TZID=Europe/Berlin:20260329T023000\nRRULE:',
  'DTSTART;TZID=Mars/Olympus:20260101T000000\nRRULE:',
  'DTSTART:99991231T235959Z\nRRULE:',
  'DTSTART:00010101T000000\nRRULE:',
  'DTSTART:2026\nRRULE:',
  'DTSTART:\nRRULE:',
  'DTSTART:20260230T000000\nRRULE:',
  'DTSTART:20261231T235960Z\nRRULE:',
  'DTSTART:20260101T000000Z\r\nRRULE:',
  'DTSTART:20260101T000000Z RRULE:',
  'EXDATE:20260102T000000Z\nRRULE:',
  'RDATE:20260105T090000Z\nRRULE:',
  'RDATE:garbage\nRRULE:',
  'FOO:bar\nRRULE:',
];
const FREQS = [
  'SECONDLY',
  'SECONDLY',
  'MINUTELY',
  'HOURLY',
  'DAILY',
  'WEEKLY',
  'MONTHLY',
  'YEARLY',
  'secondly',
  'Daily',
  'FORTNIGHTLY',
  '',
  '1',
];
const RRULE_PARTS = [
  'INTERVAL=0',
  'INTERVAL=1',
  'INTERVAL=-1',
  'INTERVAL=1000000',
  'INTERVAL=1e308',
  'INTERVAL=abc',
  'INTERVAL=',
  'COUNT=0',
  'COUNT=1',
  'COUNT=-5',
  'COUNT=1000000000',
  'COUNT=99999999999999999999',
  'COUNT=3',
  'UNTIL=19700101T000000Z',
  'UNTIL=20260101',
  'UNTIL=99991231T235959Z',
  'UNTIL=0',
  'UNTIL=garbage',
  'UNTIL=20260101T000000',
  'UNTIL=20270101T000000Z',
  'BYSECOND=0',
  'BYSECOND=59',
  'BYSECOND=60',
  'BYSECOND=-1',
  'BYSECOND=0,30',
  'BYMINUTE=0',
  'BYMINUTE=60',
  'BYMINUTE=*/5',
  'BYHOUR=9',
  'BYHOUR=24',
  'BYHOUR=-1',
  'BYHOUR=2',
  'BYDAY=MO',
  'BYDAY=1MO',
  'BYDAY=-1FR',
  'BYDAY=53MO',
  'BYDAY=54MO',
  'BYDAY=0MO',
  'BYDAY=XX',
  'BYDAY=MO,TU,WE,TH,FR,SA,SU',
  'BYDAY=',
  'BYMONTHDAY=31',
  'BYMONTHDAY=-31',
  'BYMONTHDAY=32',
  'BYMONTHDAY=0',
  'BYMONTHDAY=29',
  'BYMONTHDAY=13',
  'BYMONTH=2',
  'BYMONTH=13',
  'BYMONTH=0',
  'BYMONTH=2,4',
  'BYYEARDAY=366',
  'BYYEARDAY=-366',
  'BYYEARDAY=367',
  'BYYEARDAY=0',
  'BYWEEKNO=53',
  'BYWEEKNO=54',
  'BYWEEKNO=0',
  'BYWEEKNO=-53',
  'BYSETPOS=1',
  'BYSETPOS=-1',
  'BYSETPOS=0',
  'BYSETPOS=367',
  'WKST=MO',
  'WKST=SU',
  'WKST=XX',
  'BYEASTER=0',
  'X-FOO=bar',
  'FOO=BAR',
  'FREQ=DAILY',
  '=',
  ';',
  '',
  'TZID=Europe/Berlin',
  "BYDAY=MO'; DROP TABLE x; --",
];
const rruleText = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        oneOf(RRULE_PREFIXES),
        fc.option(oneOf(FREQS), { freq: 8, nil: null }),
        fc.array(oneOf(RRULE_PARTS), { maxLength: 5 }),
        oneOf([';', ';', ' ; ', ';;', ',']),
        oneOf(['', '', ';', '\n', ' ']),
      )
      .map(
        ([prefix, freq, parts, sep, end]) =>
          `${prefix}${[...(freq === null ? [] : [`FREQ=${freq}`]), ...parts].join(sep)}${end}`,
      ),
  },
  // No end at all: must still come back quickly with the dates asked for.
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        oneOf(['SECONDLY', 'SECONDLY', 'MINUTELY', 'HOURLY']),
        fc.subarray(
          [
            'BYMONTH=2',
            'BYMONTHDAY=29',
            'BYHOUR=23',
            'BYDAY=FR',
            'BYMONTHDAY=13',
            'BYSETPOS=-1',
            'BYMINUTE=59',
            'BYSECOND=59',
          ],
          { maxLength: 2 },
        ),
      )
      .map(([freq, parts]) => [`FREQ=${freq}`, ...parts].join(';')),
  },
  {
    weight: 1,
    arbitrary: oneOf([
      'RRULE:FREQ=DAILY\nRRULE:FREQ=HOURLY',
      'RRULE:FREQ=DAILY\nEXRULE:FREQ=DAILY',
      'RRULE:FREQ=SECONDLY\nEXRULE:FREQ=SECONDLY',
      'RDATE:20260105T090000Z,20260106T090000',
      'EXDATE:20260102T000000Z',
      'RRULE:FREQ=DAILY\nEXDATE:20260102T000000Z\nRDATE:20260105T090000Z',
      `FREQ=DAILY;${'BYHOUR=1;'.repeat(2000)}`,
      `FREQ=DAILY;BYSECOND=${Array.from({ length: 60 }, (_, i) => i).join(',')}`,
      'x'.repeat(100_000),
      'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO',
      'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30',
      'FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30',
      'FREQ=MINUTELY;BYMONTHDAY=31;BYMONTH=2,4,6,9,11',
      'FREQ=YEARLY;BYWEEKNO=53;BYDAY=TH',
      'FREQ=SECONDLY;UNTIL=20000101T000000Z',
      'FREQ=SECONDLY;COUNT=1000000000',
      'FREQ=YEARLY;INTERVAL=1000000',
    ]),
  },
  { weight: 1, arbitrary: text },
);
const rruleDefinition = withOptional(
  fc
    .oneof({ weight: 9, arbitrary: rruleText }, { weight: 1, arbitrary: oneOf(wrongTypes) })
    .map((rrule) => ({ rrule })),
  'timezone',
  timezone,
);

// ---------------------------------------------------------------------------------------
// Whole definitions

const EXTRA_KEYS = [
  'timezon',
  'slug',
  'active',
  'anchor_date',
  'day_or',
  'catchup',
  '',
  ' cron',
  'CRON',
  '__proto__',
  'constructor',
  'toString',
  'interval',
  'rrule',
  'cron',
];

/** A definition: mostly one kind, sometimes with a stray key, two kinds, or not an object at all. */
export const scheduleDefinition: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 10, arbitrary: cronDefinition },
  { weight: 8, arbitrary: intervalDefinition },
  { weight: 9, arbitrary: rruleDefinition },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.oneof(cronDefinition, intervalDefinition, rruleDefinition),
        oneOf(EXTRA_KEYS),
        fc.oneof(oneOf(wrongTypes), text),
      )
      .map(([definition, key, value]) => withKey(definition, key, value)),
  },
  {
    weight: 1,
    arbitrary: oneOf<unknown>([
      null,
      undefined,
      'cron: 0 9 * * *',
      '0 9 * * *',
      3600,
      [],
      [{ cron: '* * * * *' }],
      {},
      { cron: null },
      { interval: null, rrule: null },
      true,
      new Date(0),
    ]),
  },
);

/** Window starts, including the far ends of what a schedule is likely to be asked about. */
export const WINDOW_STARTS = [
  '2026-01-01T00:00:00Z',
  '2026-03-29T00:30:00Z',
  '2026-10-25T00:30:00Z',
  '2026-11-01T05:30:00Z',
  '1970-01-01T00:00:00Z',
  '2099-12-31T23:59:59Z',
  '0001-01-01T00:00:00Z',
  '9999-06-01T00:00:00Z',
  '2028-02-28T23:59:59.999Z',
].map((iso) => new Date(iso));

// ---------------------------------------------------------------------------------------
// Deployments files

/** Names and tags that must reach the database and come back byte for byte. */
export const ODD_NAMES = [
  "it's",
  'say "hi"',
  '100%',
  '%',
  '_',
  'a_b%c',
  'semi;colon',
  '\'; DROP TABLE "Deployment"; --',
  "' OR '1'='1",
  'Robert\'); DELETE FROM "FlowRun"; --',
  '\\',
  'back\\slash\\n',
  '`tick`',
  '$1',
  '{{ not a template }}',
  '<b>&amp;</b>',
  'emoji \ud83d\ude80',
  'caf\u00e9',
  'cafe\u0301',
  '\u0627\u0644\u0639\u0631\u0628\u064a\u0629',
  '\u4e2d\u6587',
  '  spaced  ',
  'tab\there',
  'x'.repeat(300),
  'NULL',
  'null',
  'true',
  '0',
  '-1',
  'a:b',
  'a #hash',
  '[]',
  '*',
  '?',
];

const deploymentName = fc.oneof(
  { weight: 4, arbitrary: oneOf(ODD_NAMES) },
  { weight: 1, arbitrary: text },
  { weight: 1, arbitrary: oneOf(wrongTypes) },
  { weight: 3, arbitrary: oneOf(['etl', 'nightly', 'a', 'b']) },
);

const fileSchedule = fc.oneof(
  {
    weight: 6,
    arbitrary: oneOf<unknown>([
      { cron: '0 9 * * *' },
      { cron: '0 9 * * *', timezone: 'Europe/Berlin', slug: 'nine' },
      { interval: 3600 },
      { interval: 3600.5, anchor_date: '2026-01-01T00:00:00Z' },
      { rrule: 'FREQ=WEEKLY;BYDAY=MO', timezone: null },
      { rrule: 'RRULE:FREQ=DAILY', timezone: '' },
      { cron: '*/5 * * * *', active: false, max_scheduled_runs: 3 },
    ]),
  },
  { weight: 4, arbitrary: scheduleDefinition },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        scheduleDefinition,
        oneOf([
          'timezon',
          'slug',
          'active',
          'parameters',
          'max_scheduled_runs',
          'catchup',
          'max_active_runs',
          'bogus',
          'day-or',
          'Cron',
        ]),
        fc.oneof(oneOf(wrongTypes), text, oneOf(hugeNumbers)),
      )
      .map(([definition, key, value]) =>
        typeof definition === 'object' && definition !== null && !Array.isArray(definition)
          ? { ...definition, [key]: value }
          : definition,
      ),
  },
);

const deploymentEntry = fc
  .record(
    {
      name: deploymentName,
      flow_name: fc.oneof(
        { weight: 4, arbitrary: oneOf(['etl', 'flow']) },
        { weight: 2, arbitrary: oneOf(ODD_NAMES) },
        { weight: 1, arbitrary: oneOf(wrongTypes) },
      ),
      entrypoint: oneOf<unknown>([
        'flows/etl.py:run_etl',
        'pkg.module:run_etl',
        'flows/etl.py',
        ':f',
        'a.py:',
        'a.py:1abc',
        'a.py:f\u00f6\u00f6',
        'a.py:f g',
        '',
        5,
        null,
      ]),
      description: fc.oneof(oneOf(ODD_NAMES), oneOf(wrongTypes)),
      tags: fc.oneof(
        { weight: 3, arbitrary: fc.array(oneOf(ODD_NAMES), { maxLength: 4 }) },
        { weight: 1, arbitrary: oneOf<unknown>(['prod', 'a,b', [1], [null], [['x']], {}, 5]) },
      ),
      parameters: fc.oneof(
        { weight: 3, arbitrary: fc.dictionary(oneOf(ODD_NAMES), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }) },
        { weight: 1, arbitrary: oneOf(wrongTypes) },
      ),
      work_pool: oneOf<unknown>([
        { name: 'p', work_queue_name: 'q' },
        { work_queue_name: 5 },
        'pool',
        [],
        null,
        { job_variables: { image: 'x' } },
      ]),
      work_queue_name: fc.oneof(oneOf(ODD_NAMES), oneOf(wrongTypes)),
      paused: oneOf<unknown>([true, false, 'false', 'yes', 'off', 0, 1, null, []]),
      schedules: fc.oneof(
        { weight: 4, arbitrary: fc.array(fileSchedule, { maxLength: 3 }) },
        { weight: 1, arbitrary: oneOf<unknown>([null, {}, 'cron', { cron: '* * * * *' }, 5]) },
      ),
      schedule: fc.oneof(fileSchedule, oneOf<unknown>(['0 9 * * *', [{ cron: '* * * * *' }], null])),
      version: oneOf<unknown>(['1.0', 2]),
      job_variables: oneOf<unknown>([{ env: { A: '1' } }]),
      bogus_key: fc.oneof(text, oneOf(wrongTypes)),
    },
    { requiredKeys: [] },
  )
  .map((entry) => {
    // Most entries should get as far as their schedules: give them a name and a flow.
    const out: Record<string, unknown> = { ...entry };
    return out;
  });

const document = fc.record(
  {
    deployments: fc.oneof(
      { weight: 8, arbitrary: fc.array(deploymentEntry, { maxLength: 4 }) },
      { weight: 1, arbitrary: oneOf<unknown>([null, [], {}, 'x', 5, [null], [[]], ['x']]) },
    ),
    name: oneOf<unknown>(['project', 5]),
    'prefect-version': oneOf<unknown>(['3.0.0']),
    build: oneOf<unknown>([null, [{ 'prefect.deployments.steps.run_shell_script': { script: 'rm -rf /' } }]]),
    definitions: oneOf<unknown>([{ schedules: { a: { cron: '0 9 * * *' } } }]),
    unknown_top: fc.oneof(text, oneOf(wrongTypes)),
  },
  { requiredKeys: ['deployments'] },
);

/** Entries that certainly parse, to exercise duplicates (the later one wins, with a warning). */
const duplicates = fc
  .array(
    fc.record({
      name: oneOf(['a', 'b', "it's"]),
      flow_name: oneOf(['f', 'g']),
      schedules: fc.constant([{ cron: '0 9 * * *' }]),
      description: oneOf(['first', 'second', 'third']),
    }),
    { minLength: 2, maxLength: 6 },
  )
  .map((deployments) => ({ deployments }));

const deep = (n: number, open: string, close: string) => open.repeat(n) + close.repeat(n);

/** Raw texts no structured generator produces. */
export const RAW_FILES: Array<{ name: string; text: string; path?: string }> = [
  { name: 'empty', text: '' },
  { name: 'whitespace', text: ' \n\t\n  ' },
  { name: 'only a comment', text: '# nothing\n' },
  { name: 'document markers', text: '---\n...\n' },
  { name: 'two documents', text: 'deployments: []\n---\ndeployments: []\n' },
  { name: 'tilde', text: '~' },
  { name: 'scalar', text: '"string"' },
  { name: 'number', text: '42' },
  { name: 'list', text: '- a\n- b\n' },
  { name: 'deployments: yes', text: 'deployments: yes\n' },
  { name: 'deployments: 5', text: 'deployments: 5\n' },
  { name: 'deployments mapping', text: 'deployments: {a: 1}\n' },
  { name: 'deployments key only', text: 'deployments:\n' },
  { name: 'NUL bytes', text: 'deployments:\n- name: a\u0000\n' },
  { name: 'binary', text: String.fromCharCode(...Array.from({ length: 512 }, (_, i) => (i * 7919) % 256)) },
  { name: 'BOM', text: '\ufeffdeployments: []\n' },
  { name: 'CR line ends', text: 'deployments:\r- name: a\r  flow_name: f\r' },
  {
    name: 'CRLF line ends',
    text: 'deployments:\r\n- name: a\r\n  flow_name: f\r\n  schedule: {cron: "0 9 * * *"}\r\n',
  },
  { name: 'tab indentation', text: 'deployments:\n\t- name: a\n' },
  { name: 'merge conflict', text: 'deployments:\n<<<<<<< HEAD\n- name: a\n=======\n- name: b\n>>>>>>> branch\n' },
  { name: 'deep JSON list', text: `{"deployments": ${deep(200_000, '[', ']')}}`, path: 'deep.json' },
  {
    name: 'deep JSON object',
    text: `{"deployments": [{"name": "a", "flow_name": "f", "parameters": ${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}]}`,
    path: 'deep.json',
  },
  {
    name: 'deep JSON parameters list',
    text: `{"deployments": [{"name": "a", "flow_name": "f", "parameters": {"x": ${deep(100_000, '[', ']')}}}]}`,
    path: 'deep.json',
  },
  {
    name: 'deep JSON, moderately',
    text: `{"deployments": [{"name": "a", "flow_name": "f", "parameters": {"x": ${deep(2_000, '[', ']')}}}]}`,
    path: 'deep.json',
  },
  { name: 'deep YAML flow', text: `deployments: ${deep(50_000, '[', ']')}\n` },
  {
    name: 'deep YAML block',
    text: `deployments:\n- name: a\n  flow_name: f\n  parameters:\n${Array.from({ length: 3_000 }, (_, i) => `${'  '.repeat(i + 2)}k${i}:`).join('\n')} 1\n`,
  },
  {
    name: 'deep JSON in a .yaml file',
    text: `{"deployments": [{"name": "a", "flow_name": "f", "parameters": {"x": ${deep(100_000, '[', ']')}}}]}`,
  },
  {
    name: 'billion laughs',
    text: [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ),
      'deployments: []',
    ].join('\n'),
  },
  { name: 'undefined alias', text: 'deployments:\n- *nothing\n' },
  { name: 'python tag', text: 'deployments:\n- name: !!python/object/apply:os.system ["id"]\n  flow_name: f\n' },
  { name: 'custom tag', text: 'deployments:\n- name: !secret a\n  flow_name: f\n' },
  { name: 'binary tag', text: 'deployments:\n- name: !!binary aGVsbG8=\n  flow_name: f\n' },
  { name: 'timestamp name', text: 'deployments:\n- name: 2026-01-01\n  flow_name: f\n' },
  { name: 'boolean name', text: 'deployments:\n- name: no\n  flow_name: f\n' },
  { name: 'sexagesimal interval', text: 'deployments:\n- name: a\n  flow_name: f\n  schedule: {interval: 1:00:00}\n' },
  { name: 'nan interval', text: 'deployments:\n- name: a\n  flow_name: f\n  schedule: {interval: .nan}\n' },
  { name: 'inf interval', text: 'deployments:\n- name: a\n  flow_name: f\n  schedule: {interval: .inf}\n' },
  { name: 'hex interval', text: 'deployments:\n- name: a\n  flow_name: f\n  schedule: {interval: 0x10}\n' },
  {
    name: 'huge integer interval',
    text: `deployments:\n- name: a\n  flow_name: f\n  schedule: {interval: ${'9'.repeat(400)}}\n`,
  },
  {
    name: 'huge max_scheduled_runs',
    text: `deployments:\n- name: a\n  flow_name: f\n  schedules: [{cron: "* * * * *", max_scheduled_runs: ${'9'.repeat(30)}}]\n`,
  },
  {
    name: 'schedule key typo',
    text: 'deployments:\n- name: a\n  flow_name: f\n  schedules: [{cron: "0 9 * * *", timezon: Europe/Berlin}]\n',
  },
  {
    name: 'schedule key with newline',
    text: '{"deployments": [{"name": "a", "flow_name": "f", "schedules": [{"cron": "0 9 * * *", "time\\nzone": "UTC"}]}]}',
    path: 'nl.json',
  },
  {
    name: 'name with newline and a bad field',
    text: '{"deployments": [{"name": "a\\nb", "flow_name": "f", "tags": "x"}]}',
    path: 'nl.json',
  },
  {
    name: 'name with escape sequence and a bad field',
    text: '{"deployments": [{"name": "\\u001b[2J\\u001b[31mred", "flow_name": "f", "paused": "no"}]}',
    path: 'esc.json',
  },
  { name: 'invalid JSON spanning lines', text: '{"deployments": [\n\n  {"name": \n x}]}', path: 'bad.json' },
  { name: 'invalid JSON under a YAML name', text: '{"deployments": [\n\n  {"name": \n x}]}' },
  { name: 'long line', text: `deployments:\n- name: ${'n'.repeat(1_000_000)}\n  flow_name: f\n` },
  {
    name: 'many deployments',
    text: `deployments:\n${Array.from({ length: 300 }, (_, i) => `- {name: d${i}, flow_name: f, schedule: {cron: "${i % 60} * * * *"}}`).join('\n')}\n`,
  },
  { name: 'duplicate keys', text: 'deployments:\n- name: a\n  name: b\n  flow_name: f\n  flow_name: g\n' },
  {
    name: 'same slug twice',
    text: 'deployments:\n- name: a\n  flow_name: f\n  schedules: [{cron: "0 9 * * *", slug: s}, {cron: "0 10 * * *", slug: s}]\n',
  },
  {
    name: 'same schedule twice',
    text: 'deployments:\n- name: a\n  flow_name: f\n  schedules: [{cron: "0 9 * * *"}, {cron: "0  9 * * *"}]\n',
  },
  {
    name: 'schedule and schedules',
    text: 'deployments:\n- name: a\n  flow_name: f\n  schedule: {cron: "0 9 * * *"}\n  schedules: []\n',
  },
  { name: 'NUL escape in JSON', text: '{"deployments": [{"name": "a\\u0000b", "flow_name": "f"}]}', path: 'nul.json' },
  { name: 'NUL escape in YAML', text: 'deployments:\n- name: a\n  flow_name: f\n  parameters: {"x\\0": 1}\n' },
  {
    name: '__proto__ keys',
    text: '{"__proto__": {"deployments": 5}, "deployments": [{"__proto__": {"name": "x"}, "name": "a", "flow_name": "f", "parameters": {"__proto__": {"polluted": true}}}]}',
    path: 'proto.json',
  },
  { name: 'YAML merge of a scalar', text: 'x: &x 5\ndeployments:\n- <<: *x\n  name: a\n  flow_name: f\n' },
  { name: 'recursive alias', text: 'a: &a [*a]\ndeployments: []\n' },
];

/** Structured documents as YAML or JSON text, plus duplicate-heavy files. */
export const deploymentsFileText: fc.Arbitrary<{ text: string; path: string; doc: unknown }> = fc
  .tuple(
    fc.oneof(
      { weight: 6, arbitrary: document as fc.Arbitrary<unknown> },
      { weight: 1, arbitrary: duplicates as fc.Arbitrary<unknown> },
    ),
    oneOf(['yaml', 'yaml', 'json', 'json-as-yaml'] as const),
  )
  .map(([doc, format]) => {
    const json = JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
    if (format === 'yaml') {
      let yamlText: string;
      try {
        yamlText = stringify(doc, { aliasDuplicateObjects: false, version: '1.1' });
      } catch {
        yamlText = json;
      }
      return { text: yamlText, path: 'deployments.yaml', doc };
    }
    return { text: json, path: format === 'json' ? 'deployments.json' : 'prefect.yaml', doc };
  });

// ---------------------------------------------------------------------------------------
// Config files and settings

export const SETTING_NAMES = [
  'databaseUrl',
  'loopSeconds',
  'deploymentBatchSize',
  'maxRuns',
  'minRuns',
  'maxScheduledTime',
  'minScheduledTime',
  'insertBatchSize',
  'logLevel',
  'logFormat',
];
const UNKNOWN_SETTING_KEYS = [
  'maxRunz',
  'max_runs',
  'MAXRUNS',
  'maxRuns ',
  ' maxRuns',
  'database_url',
  '',
  '__proto__',
  'constructor',
  'a\nb',
  '\u001b[31m',
  '\ud83d\ude00',
  'deployments',
  'x'.repeat(1_000),
];
const SETTING_VALUES: unknown[] = [
  ...hugeNumbers,
  ...wrongTypes,
  100,
  3,
  0.5,
  5000,
  5001,
  1_000_000,
  1_000_001,
  '100',
  ' 100 ',
  '1e2',
  '0x10',
  '١٠٠',
  '100abc',
  'PT1H',
  'P100D',
  'P',
  'PT',
  'P1Y',
  '-PT1H',
  'P99999999D',
  '3600',
  '1e308',
  'Infinity',
  'NaN',
  '',
  ' ',
  'debug',
  'DEBUG',
  ' json ',
  'verbose',
  'text',
  'file:',
  'file:/tmp/x.db',
  'file:relative.db',
  'postgresql://',
  'postgresql://u:pw@h/db',
  'mysql://h/db',
  'sqlite:///x.db',
  'file:/tmp/x.db\n',
  '\u0000',
  "'; DROP TABLE x; --",
  'x'.repeat(10_000),
];
const settingValue = fc.oneof(
  { weight: 5, arbitrary: oneOf(SETTING_VALUES) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: text },
);

const VALID_SETTING_VALUES: Record<string, unknown[]> = {
  databaseUrl: [
    'file:/tmp/scheduler-test.db',
    'file:relative.db',
    'postgresql://u:pw@h:5432/db',
    'postgres://h/db',
    ' file:/tmp/x.db ',
  ],
  loopSeconds: [60, '60', 'PT1M', 0.5, '0.5', 1],
  deploymentBatchSize: [1, 100, '100', 1_000_000],
  maxRuns: [100, '100', 1_000_000, ' 7 '],
  minRuns: [0, 3, '0'],
  maxScheduledTime: ['P100D', 8_640_000, '8640000', 'P1DT12H', 'P1W'],
  minScheduledTime: ['PT1H', 3600, '0', 0, 'PT0.5S'],
  insertBatchSize: [1, 500, '5000'],
  logLevel: ['debug', 'INFO', ' warn ', 'error'],
  logFormat: ['text', 'json', 'JSON'],
};

/** Mostly a value the key accepts, else anything hostile. */
const valueFor = (key: string, stringsOnly: boolean) => {
  const valid = VALID_SETTING_VALUES[key]!.map((v) => (stringsOnly ? String(v) : v));
  const hostile = stringsOnly
    ? fc.oneof(
        oneOf(SETTING_VALUES.filter((v): v is string => typeof v === 'string').map((v) => v.replace(/\u0000/g, ''))),
        fc.string({ maxLength: 10 }),
      )
    : settingValue;
  return fc.oneof({ weight: 3, arbitrary: oneOf(valid) }, { weight: 2, arbitrary: hostile as fc.Arbitrary<unknown> });
};
const settingsFrom = (maxKeys: number, stringsOnly: boolean) =>
  fc
    .subarray(SETTING_NAMES, { maxLength: maxKeys })
    .chain((keys) =>
      fc
        .tuple(...keys.map((key) => valueFor(key, stringsOnly)))
        .map((values) => Object.fromEntries(keys.map((key, i) => [key, values[i]]))),
    );

export const configInput: fc.Arbitrary<{
  data: Record<string, unknown>;
  env: Record<string, string>;
  flags: Record<string, string>;
}> = fc.record({
  data: fc.oneof(
    { weight: 6, arbitrary: settingsFrom(4, false) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(settingsFrom(2, false), oneOf(UNKNOWN_SETTING_KEYS), settingValue)
        .map(([data, key, value]) => withKey(data, key, value)),
    },
  ),
  env: settingsFrom(2, true).map((values) =>
    Object.fromEntries(
      Object.entries(values).map(([key, value]) => [
        `SCHEDULER_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`,
        value as string,
      ]),
    ),
  ),
  flags: settingsFrom(2, true) as fc.Arbitrary<Record<string, string>>,
});

/** Config file contents that are not a mapping of settings, or barely one. */
export const RAW_CONFIG_FILES: Array<{ name: string; file: string; text: string | Buffer }> = [
  { name: 'empty JSON', file: 'c.json', text: '' },
  { name: 'empty YAML', file: 'c.yaml', text: '' },
  { name: 'whitespace YAML', file: 'c.yaml', text: '  \n\n' },
  { name: 'null JSON', file: 'c.json', text: 'null' },
  { name: 'JSON list', file: 'c.json', text: '[1, 2]' },
  { name: 'JSON string', file: 'c.json', text: '"maxRuns"' },
  { name: 'JSON number', file: 'c.json', text: '5' },
  { name: 'YAML scalar', file: 'c.yaml', text: 'maxRuns' },
  { name: 'YAML list', file: 'c.yaml', text: '- maxRuns: 5\n' },
  {
    name: 'binary JSON',
    file: 'c.json',
    text: Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 7919 + 13) % 256)),
  },
  {
    name: 'binary YAML',
    file: 'c.yaml',
    text: Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 7919 + 13) % 256)),
  },
  { name: 'NUL bytes', file: 'c.yaml', text: 'maxRuns: 5\u0000\n' },
  { name: 'deep JSON value', file: 'c.json', text: `{"maxRuns": ${deep(100_000, '[', ']')}}` },
  { name: 'deep JSON object', file: 'c.json', text: `{"maxRuns": ${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}` },
  { name: 'deep JSON top', file: 'c.json', text: deep(500_000, '[', ']') },
  { name: 'deep YAML value', file: 'c.yaml', text: `maxRuns: ${deep(50_000, '[', ']')}\n` },
  {
    name: 'deep YAML block',
    file: 'c.yaml',
    text: `maxRuns:\n${Array.from({ length: 3_000 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`,
  },
  {
    name: 'billion laughs YAML',
    file: 'c.yaml',
    text: [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ),
    ].join('\n'),
  },
  { name: 'wrong type (string)', file: 'c.json', text: '{"maxRuns": "many"}' },
  { name: 'wrong type (list)', file: 'c.json', text: '{"maxRuns": [5]}' },
  { name: 'wrong type (object)', file: 'c.yaml', text: 'maxRuns: {value: 5}\n' },
  { name: 'wrong type (bool)', file: 'c.yaml', text: 'logLevel: yes\n' },
  { name: 'null value', file: 'c.yaml', text: 'maxRuns:\n' },
  { name: 'float integer', file: 'c.json', text: '{"maxRuns": 5.5}' },
  { name: 'huge number', file: 'c.json', text: `{"maxRuns": 1${'0'.repeat(400)}}` },
  { name: 'negative duration', file: 'c.json', text: '{"maxScheduledTime": -1}' },
  { name: 'min above max', file: 'c.json', text: '{"minRuns": 10, "maxRuns": 5}' },
  { name: 'unknown key', file: 'c.json', text: '{"maxRunz": 5}' },
  { name: 'unknown key with newline', file: 'c.json', text: '{"max\\nRuns": 5}' },
  { name: 'unknown key with escape codes', file: 'c.json', text: '{"\\u001b[2J\\u001b[31m": 5}' },
  { name: 'invalid JSON spanning lines', file: 'c.json', text: '{"maxRuns":\n\n x}' },
  { name: 'invalid YAML', file: 'c.yaml', text: 'maxRuns: [1, 2\nminRuns: 3\n' },
  { name: 'duplicate keys YAML', file: 'c.yaml', text: 'maxRuns: 5\nmaxRuns: 6\n' },
  { name: 'duplicate keys JSON', file: 'c.json', text: '{"maxRuns": 5, "maxRuns": 6}' },
  { name: 'BOM JSON', file: 'c.json', text: '\ufeff{"maxRuns": 5}' },
  { name: 'BOM YAML', file: 'c.yaml', text: '\ufeffmaxRuns: 5\n' },
  { name: '__proto__ key', file: 'c.json', text: '{"__proto__": {"maxRuns": 1}}' },
  { name: 'python tag', file: 'c.yaml', text: 'maxRuns: !!python/object/apply:os.system ["id"]\n' },
  { name: 'odd database URL', file: 'c.yaml', text: 'databaseUrl: "mysql://u:pw@h/db"\n' },
  { name: 'valid with comments', file: 'c.yaml', text: '# hi\nmaxRuns: 7 # seven\n' },
];
