/**
 * One RRULE/EXRULE value (FREQ=...;BYDAY=...) validated and turned into rrule-package
 * options, with every default that RFC 5545 takes from DTSTART written out, so that the
 * iterator may later restart the rule from a later DTSTART without changing its dates.
 */
import { FREQ, type Freq, type FreqName, type ListedDate, type RuleSpec } from './types.js';
import { rrulePackage } from './rrulePackage.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './units.js';
import type { Zone } from './zone.js';

const DATE_VALUE = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/;
const FREQ_NAMES = Object.keys(FREQ) as FreqName[];
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The length of one period of the fixed-length frequencies, DAILY and finer. */
export const PERIOD_MS: Readonly<Partial<Record<Freq, number>>> = {
  [FREQ.DAILY]: DAY_MS,
  [FREQ.HOURLY]: HOUR_MS,
  [FREQ.MINUTELY]: MINUTE_MS,
  [FREQ.SECONDLY]: SECOND_MS,
};

/** A frequency's name (FREQ=...) by its number. */
export function freqName(freq: Freq): FreqName {
  return FREQ_NAMES.find((name) => FREQ[name] === freq)!;
}

export interface RuleFields {
  readonly fields: ReadonlyMap<string, string>;
  readonly zone: Zone;
  readonly fail: (message: string) => never;
}

/** [key, min, max, allowNegative] for the numeric list parts. */
const NUMBER_LISTS: ReadonlyArray<readonly [string, string, number, number, boolean]> = [
  ['BYSECOND', 'bysecond', 0, 59, false],
  ['BYMINUTE', 'byminute', 0, 59, false],
  ['BYHOUR', 'byhour', 0, 23, false],
  ['BYMONTHDAY', 'bymonthday', 1, 31, true],
  ['BYYEARDAY', 'byyearday', 1, 366, true],
  ['BYWEEKNO', 'byweekno', 1, 53, true],
  ['BYMONTH', 'bymonth', 1, 12, false],
  ['BYSETPOS', 'bysetpos', 1, 366, true],
];
const OTHER_KEYS = ['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'WKST', 'BYEASTER'];

/**
 * `compile` run once per rule, its result kept with the rule: a parsed schedule lives across
 * passes (the pass caches it), and compiling a sub-daily rule's times took ~2.4 ms of a
 * 2.5 ms query, paid again on every pass.
 */
export function compiledPerRule<T>(compile: (rule: RuleSpec) => T): (rule: RuleSpec) => T {
  const compiled = new WeakMap<RuleSpec, T>();
  return (rule) => {
    if (!compiled.has(rule)) compiled.set(rule, compile(rule));
    return compiled.get(rule)!;
  };
}

export function materializeRule({ fields, zone, fail }: RuleFields, dtstart: number): RuleSpec {
  for (const key of fields.keys()) {
    if (!OTHER_KEYS.includes(key) && !NUMBER_LISTS.some(([name]) => name === key)) {
      fail(`unknown rule part ${key}; accepted: ${[...OTHER_KEYS, ...NUMBER_LISTS.map(([k]) => k)].join(', ')}`);
    }
  }
  const freqText = fields.get('FREQ');
  if (freqText === undefined) fail(`has no FREQ (one of ${FREQ_NAMES.join(', ')})`);
  if (!Object.hasOwn(FREQ, freqText!)) fail(`FREQ "${freqText}" is not one of ${FREQ_NAMES.join(', ')}`);
  const freq = FREQ[freqText as FreqName];
  const options: Record<string, unknown> = { freq };
  const interval = positiveInteger(fields, 'INTERVAL', fail) ?? 1;
  const count = positiveInteger(fields, 'COUNT', fail);
  const wkstText = fields.get('WKST');
  if (wkstText !== undefined && !WEEKDAYS.includes(wkstText))
    fail(`WKST "${wkstText}" is not one of ${WEEKDAYS.join(', ')}`);
  const wkst = wkstText === undefined ? 0 : WEEKDAYS.indexOf(wkstText);
  Object.assign(options, { interval, wkst, count });
  const until = fields.get('UNTIL');
  if (until !== undefined) options.until = new Date(untilWall(until, zone, fail));
  for (const [key, option, min, max, negative] of NUMBER_LISTS) {
    const text = fields.get(key);
    if (text !== undefined) options[option] = numberList(key, text, min, max, negative, fail);
  }
  const byday = fields.get('BYDAY');
  if (byday !== undefined) options.byweekday = byday.split(',').map((item) => weekday(item, fail));
  const easter = fields.get('BYEASTER');
  if (easter !== undefined) options.byeaster = numberList('BYEASTER', easter, 0, 366, true, fail)[0];
  writeDtstartDefaults(options, freq, new Date(dtstart));
  checkPossible(options, freq, fail);
  return { freq, interval, wkst, count, dtstart, options };
}

/** The defaults the rrule package (like dateutil) derives from DTSTART. */
function writeDtstartDefaults(options: Record<string, unknown>, freq: Freq, dtstart: Date): void {
  const dayChosen = ['byweekno', 'byyearday', 'bymonthday', 'byweekday', 'byeaster'].some((k) => k in options);
  if (!dayChosen) {
    if (freq === FREQ.YEARLY) {
      options.bymonth ??= [dtstart.getUTCMonth() + 1];
      options.bymonthday = [dtstart.getUTCDate()];
    } else if (freq === FREQ.MONTHLY) {
      options.bymonthday = [dtstart.getUTCDate()];
    } else if (freq === FREQ.WEEKLY) {
      options.byweekday = [(dtstart.getUTCDay() + 6) % 7];
    }
  }
  if (freq < FREQ.HOURLY) options.byhour ??= [dtstart.getUTCHours()];
  if (freq < FREQ.MINUTELY) options.byminute ??= [dtstart.getUTCMinutes()];
  if (freq < FREQ.SECONDLY) options.bysecond ??= [dtstart.getUTCSeconds()];
}

/**
 * Rules that can never match would make the rrule package walk to the year 9999 (seconds
 * of CPU per query), so the two usual ways to write one are refused here.
 */
function checkPossible(options: Record<string, unknown>, freq: Freq, fail: (message: string) => never): void {
  const monthdays = options.bymonthday as number[] | undefined;
  const months = (options.bymonth as number[] | undefined) ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  if (monthdays?.every((d) => d > 0)) {
    const fits = months.some((month) => monthdays.some((d) => d <= DAYS_IN_MONTH[month - 1]!));
    if (!fits) fail(`BYMONTHDAY ${monthdays.join(',')} never falls in BYMONTH ${months.join(',')}`);
  }
  const setpos = options.bysetpos as number[] | undefined;
  if (setpos !== undefined) {
    const size = largestSet(options, freq);
    if (setpos.every((p) => Math.abs(p) > size)) {
      fail(
        `BYSETPOS ${setpos.join(',')} is never reached: a ${freqName(freq)} period holds at most ${size} candidate${size === 1 ? '' : 's'}`,
      );
    }
  }
}

/** The most days a period holds, and the most times one weekday recurs in it; DAILY and finer: 1. */
const DAYS_PER_PERIOD: Readonly<Partial<Record<Freq, number>>> = {
  [FREQ.YEARLY]: 366,
  [FREQ.MONTHLY]: 31,
  [FREQ.WEEKLY]: 7,
};
const WEEKDAY_REPEATS: Readonly<Partial<Record<Freq, number>>> = { [FREQ.YEARLY]: 53, [FREQ.MONTHLY]: 5 };

/** An upper bound on the candidates in one period, which BYSETPOS indexes. */
function largestSet(options: Record<string, unknown>, freq: Freq): number {
  const count = (key: string): number => (options[key] as unknown[] | undefined)?.length ?? 1;
  const weekdays = options.byweekday as Array<{ n?: number }> | undefined;
  const perWeekday = WEEKDAY_REPEATS[freq] ?? 1;
  const days = Math.min(
    DAYS_PER_PERIOD[freq] ?? 1,
    weekdays === undefined ? Infinity : weekdays.reduce((sum, w) => sum + (w.n ? 1 : perWeekday), 0),
  );
  // Daily and coarser periods hold whole days of times; finer ones are a single unit.
  const perPeriod = [
    count('byhour') * count('byminute') * count('bysecond'),
    count('byminute') * count('bysecond'),
    count('bysecond'),
    1,
  ];
  return days * perPeriod[Math.max(0, freq - FREQ.DAILY)]!;
}

function untilWall(text: string, zone: Zone, fail: (message: string) => never): number {
  const date = readDate(text, 'UNTIL', fail);
  // A UTC UNTIL is an instant; the rule runs on the zone's wall clock.
  return 'instant' in date ? zone.wallOf(date.instant) : date.wall;
}

/** YYYYMMDD[THHMMSS[Z]]: floating wall time, or a UTC instant when it ends in Z. */
export function readDate(text: string, what: string, fail: (message: string) => never): ListedDate {
  const m = DATE_VALUE.exec(text);
  const form = 'YYYYMMDD, YYYYMMDDTHHMMSS or YYYYMMDDTHHMMSSZ';
  if (m === null) return fail(`${what} "${text}" is not a date (${form})`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    fail(`${what} "${text}" is not a valid date (${form})`);
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  return m[7] === 'Z' ? { instant: wall } : { wall };
}

function positiveInteger(
  fields: ReadonlyMap<string, string>,
  key: string,
  fail: (message: string) => never,
): number | null {
  const text = fields.get(key);
  if (text === undefined) return null;
  if (!/^[1-9]\d{0,8}$/.test(text)) fail(`${key} "${text}" must be a whole number of at least 1`);
  return Number(text);
}

function numberList(
  key: string,
  text: string,
  min: number,
  max: number,
  negative: boolean,
  fail: (message: string) => never,
): number[] {
  return text.split(',').map((item) => {
    if (!/^[+-]?\d+$/.test(item)) fail(`${key} "${item}" is not a whole number`);
    const n = Number(item);
    const magnitude = Math.abs(n);
    const ok = negative ? magnitude >= min && magnitude <= max && n !== 0 : n >= min && n <= max;
    if (!ok)
      fail(`${key} ${item} is out of range ${negative ? `${min}-${max} or -${max} to -${min}` : `${min}-${max}`}`);
    return n;
  });
}

function weekday(
  item: string,
  fail: (message: string) => never,
): InstanceType<ReturnType<typeof rrulePackage>['Weekday']> {
  const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item);
  const nth = m?.[1] === undefined ? undefined : Number(m[1]);
  if (m === null || (nth !== undefined && (nth === 0 || Math.abs(nth) > 53))) {
    fail(`BYDAY "${item}" is not a weekday (${WEEKDAYS.join(', ')}, optionally with an ordinal such as 1MO or -1FR)`);
  }
  return new (rrulePackage().Weekday)(WEEKDAYS.indexOf(m![2]!), nth);
}
