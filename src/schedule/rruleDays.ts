/**
 * Rules evaluated day by day: a day oracle lists the days passing the rule's day filters,
 * the period test keeps those in the rule's INTERVAL periods, and rruleTimes.ts lists each
 * kept day's times. Every walk stops at `untilWall`, so a rule that never matches costs one
 * pass over the horizon's days, not a walk to the year 9999. This covers every FREQ but
 * YEARLY, except BYSETPOS on DAILY to MONTHLY and ordinal BYDAY on MONTHLY (per-period
 * selections, left to the rrule package in rrule.ts).
 */
import { compileDayTimes } from './rruleTimes.js';
import { FREQ, type RuleSpec } from './types.js';
import { MAX_BATCH, rrulePackage } from './rrulePackage.js';
import { DAY_MS, LAST_WALL } from './units.js';
import { compiledPerRule } from './rruleRule.js';

const DAY_PARTS = ['bymonth', 'byweekno', 'byyearday', 'bymonthday', 'byweekday', 'byeaster'];

/** Day numbers (days since 1970-01-01) in [fromDay, untilDay] passing a rule's day filters, increasing. */
export type DayOracle = (fromDay: number, untilDay: number) => Iterable<number>;

type WeekdayOption = number | { weekday: number; n?: number | null };

export function isDayShaped(rule: RuleSpec): boolean {
  const { freq, options } = rule;
  const set = (key: string): boolean => options[key] !== null && options[key] !== undefined;
  if (freq === FREQ.YEARLY || (freq <= FREQ.DAILY && set('bysetpos'))) return false;
  const ordinal =
    (options.byweekday as WeekdayOption[] | undefined)?.some((w) => typeof w !== 'number' && !!w.n) ?? false;
  return !(freq === FREQ.MONTHLY && ordinal);
}

/**
 * The reference day oracle: the rrule package with the rule's day parts as a YEARLY rule
 * (one step per year, so a rule that never matches reaches the package's year 9999 in about
 * 0.15 s), at midnight, ordinals dropped as RFC 5545 does below MONTHLY.
 */
export const packageDays = compiledPerRule((rule: RuleSpec): DayOracle => {
  const { RRule } = rrulePackage();
  const options: Record<string, unknown> = {
    freq: RRule.YEARLY,
    interval: 1,
    wkst: rule.wkst,
    byhour: [0],
    byminute: [0],
    bysecond: [0],
  };
  for (const key of DAY_PARTS)
    if (rule.options[key] !== undefined && rule.options[key] !== null) options[key] = rule.options[key];
  if (Array.isArray(options.byweekday))
    options.byweekday = (options.byweekday as WeekdayOption[]).map((w) => (typeof w === 'number' ? w : w.weekday));
  // Without a day part YEARLY would default to DTSTART's month day; every weekday is no filter.
  if (!['byweekno', 'byyearday', 'bymonthday', 'byweekday', 'byeaster'].some((k) => k in options))
    options.byweekday = [0, 1, 2, 3, 4, 5, 6];
  return function* (fromDay, untilDay) {
    let cursor = fromDay;
    for (let batch = 64; cursor <= untilDay; batch = Math.min(batch * 2, MAX_BATCH)) {
      // Restarting on 1 January is exact: every part is explicit and the step is a year.
      const year = new Date(cursor * DAY_MS).getUTCFullYear();
      const days: number[] = [];
      new RRule({ ...options, dtstart: new Date(Date.UTC(year, 0, 1)) }, true).all((date) => {
        const day = Math.floor(date.getTime() / DAY_MS);
        if (day >= cursor) days.push(day);
        return day <= untilDay && days.length < batch;
      });
      for (const day of days) if (day <= untilDay) yield day;
      if (days.length < batch || days[days.length - 1]! > untilDay) return;
      cursor = days[days.length - 1]! + 1;
    }
  };
});

/** Whether a day lies in one of the rule's periods: INTERVAL days, weeks (from WKST) or months from DTSTART's; sub-daily rules test their phase per unit (rruleTimes.ts). */
export const periodTest = compiledPerRule((rule: RuleSpec): ((dayNumber: number) => boolean) => {
  const { freq, interval, wkst } = rule;
  if (freq > FREQ.DAILY || interval === 1) return () => true;
  const origin = Math.floor(rule.dtstart / DAY_MS);
  const every = (index: number, originIndex: number): boolean =>
    (((index - originIndex) % interval) + interval) % interval === 0;
  if (freq === FREQ.DAILY) return (dayNumber) => every(dayNumber, origin);
  if (freq === FREQ.WEEKLY) {
    const week = (dayNumber: number): number => Math.floor((dayNumber + 3 - wkst) / 7);
    const originWeek = week(origin);
    return (dayNumber) => every(week(dayNumber), originWeek);
  }
  const monthIndex = (dayNumber: number): number => {
    const date = new Date(dayNumber * DAY_MS);
    return date.getUTCFullYear() * 12 + date.getUTCMonth();
  };
  const originMonth = monthIndex(origin);
  return freq === FREQ.MONTHLY ? (dayNumber) => every(monthIndex(dayNumber), originMonth) : () => true;
});

/** Wall times of a day-shaped rule at or after fromWall and at most untilWall, increasing; COUNT counted from DTSTART. */
export function* dayRuleWallTimes(
  rule: RuleSpec,
  days: DayOracle,
  fromWall: number,
  untilWall: number,
): Generator<number> {
  const { dtstart, count } = rule;
  const ruleUntil = rule.options.until instanceof Date ? rule.options.until.getTime() : Infinity;
  const last = Math.min(untilWall, ruleUntil, LAST_WALL);
  const inPeriod = periodTest(rule);
  const timesOf = compileDayTimes(rule);
  let counted = 0;
  const firstDay = Math.floor((count === null ? Math.max(fromWall, dtstart) : dtstart) / DAY_MS);
  for (const day of days(firstDay, Math.floor(last / DAY_MS))) {
    if (!inPeriod(day)) continue;
    const dayStart = day * DAY_MS;
    const times = timesOf(day);
    // COUNT needs every earlier occurrence counted, but a whole day before the window at once.
    if (count !== null && dayStart + DAY_MS <= fromWall && dayStart >= dtstart && counted + times.length < count) {
      counted += times.length;
      continue;
    }
    for (const time of times) {
      const wall = dayStart + time;
      if (wall < dtstart) continue;
      if (wall > last) return;
      if (wall >= fromWall) yield wall;
      if (count !== null && ++counted >= count) return;
    }
  }
}
