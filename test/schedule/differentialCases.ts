/**
 * Generated (schedule, window) cases for the differential tests: the fast engine must
 * return exactly the reference engine's occurrences (instants and shiftedByGap flags).
 * Starts lean towards the months where the zones below change their clocks, so windows
 * cross gaps and overlaps often; fast-check shrinks a mismatch to a minimal case.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { getOccurrences, parseSchedule, type Occurrence, type Schedule } from '../../src/schedule/index.js';

export const ZONES = [
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe', // 30-minute DST
  'Asia/Kolkata',
  'Pacific/Apia', // skipped 2011-12-30 whole
  'America/Sao_Paulo', // abolished DST in 2019
  'UTC',
] as const;

export type Kind = 'cron' | 'interval' | 'rrule';

const timezone = fc.constantFrom(...ZONES);
const pick = <T>(...values: T[]) => fc.constantFrom(...values);
/** `arbitrary` in one case of `oneIn`, else null. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, oneIn: number) =>
  fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
const list = (values: fc.Arbitrary<number>, max = 4) =>
  fc.uniqueArray(values, { minLength: 1, maxLength: max }).map((xs) => xs.sort((a, b) => a - b).join(','));
/** Wall-clock instants, mostly in clock-change months, some at Apia's skipped day. */
const instant = fc.oneof(
  fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.getTime()),
  fc
    .tuple(
      fc.integer({ min: 2005, max: 2035 }),
      pick(2, 3, 8, 9, 10),
      fc.integer({ min: 1, max: 31 }),
      fc.integer({ min: 0, max: 47 }),
    )
    .map(([y, m, d, half]) => Date.UTC(y, m, d, 0, half * 30)),
  fc.integer({ min: 0, max: 4 * 48 }).map((half) => Date.UTC(2011, 11, 28, 0, half * 30)),
);

/** Cron lists may name a value twice (`0,7` is Sunday twice), as Vixie cron and croniter allow. */
const cronList = (values: fc.Arbitrary<number>) =>
  fc.array(values, { minLength: 1, maxLength: 4 }).map((xs) => xs.join(','));
const cronField = (min: number, max: number, hot: number[]) =>
  fc.oneof(
    pick('*'),
    fc.oneof(pick(...hot), fc.integer({ min, max })).map(String),
    fc.integer({ min: 2, max: Math.max(2, Math.floor(max / 2)) }).map((n) => `*/${n}`),
    fc
      .tuple(fc.integer({ min, max }), fc.integer({ min, max }), fc.option(fc.integer({ min: 2, max: 9 })))
      .map(([a, b, step]) => `${Math.min(a, b)}-${Math.max(a, b)}${step === null ? '' : `/${step}`}`),
    cronList(fc.oneof(pick(...hot), fc.integer({ min, max }))),
  );
const dayOfMonth = fc.oneof(cronField(1, 31, [1, 15, 28, 29, 30, 31]), pick('L', '?', '1,L', '15,L'));
const dayOfWeek = fc.oneof(
  cronField(0, 7, [0, 1, 5, 6, 7]),
  pick('?', 'MON-FRI', 'SUN', 'SAT,SUN', 'SUN,7', '*/2,6', '5L', '0L', '1#1', '5#2', '0#5', '1#5'),
);
const cronArb = fc.record({
  cron: fc
    .tuple(
      cronField(0, 59, [0, 15, 30, 45]),
      cronField(0, 23, [0, 1, 2, 3]),
      dayOfMonth,
      cronField(1, 12, [2, 3, 10, 11, 12]),
      dayOfWeek,
    )
    .map((fields) => fields.join(' ')),
  timezone,
  day_or: fc.boolean(),
});

const wallText = (ms: number): string => new Date(ms).toISOString().slice(0, 19);
const intervalArb = fc.record({
  interval: fc.oneof(
    pick(1, 60, 300, 900, 3600, 5400, 86_400, 90_000, 172_800, 604_800, 1.5, 86_400.5, 75.000001, 86_400.000999),
    fc.integer({ min: 1, max: 8 * 86_400 }),
    fc.integer({ min: 1, max: 30 }).map((days) => days * 86_400),
  ),
  // Without an offset: a wall time in the zone (gap walls included); with Z: an instant.
  // Some anchors carry microseconds, as Prefect's default anchor (a Python now()) does.
  anchor_date: fc
    .tuple(
      fc.oneof(
        instant.map(wallText),
        instant.map((ms) => `${wallText(ms)}Z`),
      ),
      sometimes(fc.integer({ min: 1, max: 999_999 }), 3),
    )
    .map(([text, micros]) =>
      micros === null ? text : text.replace(/^(.{19})/, `$1.${String(micros).padStart(6, '0')}`),
    ),
  timezone,
});

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const byday = (ordinals: boolean) =>
  fc
    .uniqueArray(
      fc
        .tuple(pick(...WEEKDAYS), ordinals ? fc.option(pick(1, 2, -1, 5)) : fc.constant(null))
        .map(([d, n]) => `${n ?? ''}${d}`),
      { minLength: 1, maxLength: 4 },
    )
    .map((days) => `BYDAY=${days.join(',')}`);
// Each part in about one rule of three: rules with every part are too sparse to finish.
const ruleParts = fc.record({
  freq: fc.oneof(
    { weight: 6, arbitrary: pick('DAILY', 'WEEKLY', 'MONTHLY') },
    { weight: 1, arbitrary: pick('YEARLY') },
  ),
  interval: sometimes(
    fc.integer({ min: 1, max: 4 }).map((n) => `INTERVAL=${n}`),
    2,
  ),
  byday: sometimes(fc.oneof({ weight: 5, arbitrary: byday(false) }, { weight: 1, arbitrary: byday(true) }), 2),
  byhour: sometimes(
    list(fc.oneof(pick(0, 1, 2, 3, 9), fc.integer({ min: 0, max: 23 }))).map((h) => `BYHOUR=${h}`),
    2,
  ),
  byminute: sometimes(
    list(fc.oneof(pick(0, 15, 30, 45), fc.integer({ min: 0, max: 59 }))).map((m) => `BYMINUTE=${m}`),
    3,
  ),
  bymonthday: sometimes(
    list(fc.oneof(pick(1, 15, 29, 31, -1), fc.integer({ min: 1, max: 28 }))).map((d) => `BYMONTHDAY=${d}`),
    4,
  ),
  bymonth: sometimes(
    list(fc.integer({ min: 1, max: 12 }), 3).map((m) => `BYMONTH=${m}`),
    4,
  ),
  end: sometimes(
    fc.oneof(
      fc.integer({ min: 1, max: 60 }).map((n) => `COUNT=${n}`),
      instant.map((ms) => `UNTIL=${wallText(ms).replace(/[-:]/g, '')}`),
    ),
    3,
  ),
  wkst: sometimes(pick('WKST=SU', 'WKST=WE'), 4),
  rare: sometimes(pick('BYSETPOS=-1', 'BYYEARDAY=1,100', 'BYWEEKNO=1,20', 'BYSECOND=0,30'), 20),
});
const rruleArb = fc.record({
  rrule: fc.tuple(fc.option(instant), ruleParts, sometimes(instant, 4)).map(([dtstart, { freq, ...parts }, exdate]) => {
    // Ordinal weekdays AND-ed with month days are too sparse for the rrule package's walk.
    if (parts.byday?.match(/\d/)) parts.bymonthday = null;
    if (parts.rare !== null) parts.bymonthday = parts.bymonth = null;
    const rule = [`FREQ=${freq}`, ...Object.values(parts)].filter((p) => p !== null);
    const lines = [
      dtstart === null ? null : `DTSTART:${wallText(dtstart).replace(/[-:]/g, '')}`,
      `RRULE:${rule.join(';')}`,
    ];
    if (exdate !== null) lines.push(`EXDATE:${wallText(exdate).replace(/[-:]/g, '')}`);
    return lines.filter((line) => line !== null).join('\n');
  }),
  timezone,
});

const DEFINITIONS: Record<Kind, fc.Arbitrary<Record<string, unknown>>> = {
  cron: cronArb,
  interval: intervalArb,
  rrule: rruleArb,
};

/** Parsed schedules only: definitions the validator refuses are not this test's business. */
function schedules(kind: Kind): fc.Arbitrary<{ definition: Record<string, unknown>; schedule: Schedule }> {
  return DEFINITIONS[kind]
    .map((definition) => {
      try {
        return { definition, schedule: parseSchedule(definition) };
      } catch {
        return null;
      }
    })
    .filter((parsed): parsed is { definition: Record<string, unknown>; schedule: Schedule } => parsed !== null);
}

const windowArb = fc.record({
  start: instant.map((ms) => new Date(ms)),
  count: fc.integer({ min: 1, max: 60 }),
  span: fc.option(fc.integer({ min: 0, max: 40 * 86_400_000 })),
});

const shown = (occurrences: Occurrence[]): string[] =>
  occurrences.map((o) => `${o.at.toISOString()}${o.micro}${o.shiftedByGap ? '+' : ''}`);

/** One generated case: a parsed schedule and a window (end = start + span when span is set). */
export function cases(kind: Kind) {
  return fc.tuple(schedules(kind), windowArb);
}

/** Runs `numRuns` generated cases of one kind; throws fast-check's shrunk counterexample on a mismatch. */
export function checkEnginesAgree(kind: Kind, numRuns: number, seed?: number): void {
  fc.assert(
    fc.property(cases(kind), ([{ schedule }, { start, count, span }]) => {
      const window = { start, count, end: span === null ? null : new Date(start.getTime() + span) };
      const reference = shown(getOccurrences(schedule, window, { engine: 'reference' }));
      const fast = shown(getOccurrences(schedule, window, { engine: 'fast' }));
      assert.deepEqual(fast, reference);
    }),
    { numRuns, ...(seed === undefined ? {} : { seed }) },
  );
}
