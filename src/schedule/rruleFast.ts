/**
 * The fast RRule path for the common shapes: FREQ=DAILY, WEEKLY or MONTHLY with INTERVAL,
 * UNTIL, plain BYDAY, BYMONTHDAY (negative too), BYMONTH, BYHOUR, BYMINUTE and BYSECOND.
 * It walks wall-clock days, keeps the days of the rule's periods that pass every BYxxx
 * filter (RFC 5545 intersects them), and lists each kept day's times. Other shapes (COUNT,
 * BYSETPOS, BYWEEKNO, BYYEARDAY, BYEASTER, ordinal BYDAY, YEARLY and sub-daily rules) get
 * null and go to the rrule package (rrule.ts).
 */
import type { RuleSpec } from './types.js';
import { DAY_MS } from './zone.js';

const MONTHLY = 1;
const WEEKLY = 2;
const DAILY = 3;
/** The rrule package stops at this year too. */
const LAST_YEAR = 9999;
const FAST_OPTIONS = new Set(['freq', 'interval', 'wkst', 'count', 'until', 'byweekday', 'bymonthday', 'bymonth', 'byhour', 'byminute', 'bysecond']);

interface DayRule {
  readonly inPeriod: (dayNumber: number, year: number, month: number) => boolean;
  readonly keepsDay: (day: number, weekday: number, month: number, daysInMonth: number) => boolean;
  /** Times of day (ms), increasing. */
  readonly times: readonly number[];
  readonly until: number;
}

/** Wall times of a rule at or after fromWall, increasing; null when the shape is not covered. */
export function fastRuleWallTimes(rule: RuleSpec, fromWall: number): Iterable<number> | null {
  const dayRule = compileDayRule(rule);
  return dayRule === null ? null : walkDays(dayRule, Math.max(fromWall, rule.dtstart));
}

function compileDayRule(rule: RuleSpec): DayRule | null {
  const options = rule.options;
  const covered = rule.freq >= MONTHLY && rule.freq <= DAILY && rule.count === null;
  if (!covered || Object.keys(options).some((key) => options[key] !== null && options[key] !== undefined && !FAST_OPTIONS.has(key))) {
    return null;
  }
  const weekdays = (options.byweekday as ReadonlyArray<number | { weekday: number; n?: number | null }> | undefined) ?? null;
  if (weekdays?.some((w) => typeof w !== 'number' && w.n !== undefined && w.n !== null && w.n !== 0)) return null;
  const weekdaySet = weekdays === null ? null : new Set(weekdays.map((w) => (typeof w === 'number' ? w : w.weekday)));
  const monthdays = (options.bymonthday as readonly number[] | undefined) ?? null;
  const months = (options.bymonth as readonly number[] | undefined) ?? null;
  const until = options.until instanceof Date ? options.until.getTime() : Infinity;
  return { inPeriod: periodTest(rule), keepsDay: dayFilter(weekdaySet, monthdays, months), times: timesOfDay(options), until };
}

/** Whether a day lies in one of the rule's periods: INTERVAL days, weeks (from WKST) or months from DTSTART's. */
function periodTest(rule: RuleSpec): DayRule['inPeriod'] {
  const { freq, interval, wkst } = rule;
  const origin = Math.floor(rule.dtstart / DAY_MS);
  const every = (index: number, originIndex: number): boolean => (((index - originIndex) % interval) + interval) % interval === 0;
  if (freq === DAILY) return (dayNumber) => every(dayNumber, origin);
  if (freq === WEEKLY) {
    // Day 0 (1970-01-01) was a Thursday, weekday 3 counting from Monday = 0.
    const week = (dayNumber: number): number => Math.floor((dayNumber + 3 - wkst) / 7);
    const originWeek = week(origin);
    return (dayNumber) => every(week(dayNumber), originWeek);
  }
  const start = new Date(rule.dtstart);
  const originMonth = start.getUTCFullYear() * 12 + start.getUTCMonth();
  return (_dayNumber, year, month) => every(year * 12 + month - 1, originMonth);
}

function dayFilter(
  weekdays: ReadonlySet<number> | null,
  monthdays: readonly number[] | null,
  months: readonly number[] | null,
): DayRule['keepsDay'] {
  return (day, weekday, month, daysInMonth) =>
    (months === null || months.includes(month)) &&
    (weekdays === null || weekdays.has(weekday)) &&
    (monthdays === null || monthdays.some((d) => (d > 0 ? d : daysInMonth + 1 + d) === day));
}

function timesOfDay(options: Readonly<Record<string, unknown>>): number[] {
  const list = (key: string): readonly number[] => (options[key] as readonly number[] | undefined) ?? [0];
  const times: number[] = [];
  for (const hour of list('byhour')) {
    for (const minute of list('byminute')) {
      for (const second of list('bysecond')) times.push(((hour * 60 + minute) * 60 + second) * 1000);
    }
  }
  return [...new Set(times)].sort((a, b) => a - b);
}

function* walkDays(rule: DayRule, fromWall: number): Generator<number> {
  const { inPeriod, keepsDay, times, until } = rule;
  let dayNumber = Math.floor(fromWall / DAY_MS);
  let date = new Date(dayNumber * DAY_MS);
  let year = date.getUTCFullYear();
  let month = date.getUTCMonth() + 1;
  let day = date.getUTCDate();
  let daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  while (year <= LAST_YEAR) {
    if (inPeriod(dayNumber, year, month) && keepsDay(day, (dayNumber + 3) % 7, month, daysInMonth)) {
      const dayStart = dayNumber * DAY_MS;
      for (const time of times) {
        const wall = dayStart + time;
        if (wall > until) return;
        if (wall >= fromWall) yield wall;
      }
    }
    dayNumber++;
    if (++day > daysInMonth) {
      date = new Date(dayNumber * DAY_MS);
      [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, 1];
      daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    }
  }
}
