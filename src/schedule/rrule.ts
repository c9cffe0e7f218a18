/**
 * RRule evaluation on the wall clock of the schedule's zone, up to a wall-clock bound that
 * window.ts always gives (the caller's end or its horizon): no walk may go on unbounded,
 * since a rule that never matches would otherwise run to the year 9999. Most rules are
 * evaluated day by day (rruleDays.ts), with the rrule package's day filter on the reference
 * engine and rruleFast.ts's on the fast one. YEARLY rules and per-period selections
 * (BYSETPOS, ordinal BYDAY on MONTHLY) stay with the package, restarted from the period
 * that holds the query start (every DTSTART-derived default is explicit, see rruleRule).
 * Sets (RDATE, EXDATE, EXRULE, several RRULEs) are combined here for both engines.
 */
import { dayRuleWallTimes, isDayShaped, packageDays, periodTest, type DayOracle } from './rruleDays.js';
import { fastDays } from './rruleFast.js';
import { FREQ, type ListedDate, type RRuleSchedule, type RuleSpec } from './types.js';
import { mergeIncreasing, wallTimesToInstants, type RawOccurrence, type WallResolver } from './wallTimes.js';
import { MAX_BATCH, rrulePackage } from './rrulePackage.js';
import { PERIOD_MS } from './rruleRule.js';
import { DAY_MS } from './units.js';
import { getZone } from './zone.js';
import { getZoneTable } from './zoneTable.js';

interface SetZone extends WallResolver {
  lowestWallReaching(ms: number): number;
}

/** The day oracle an engine gives a rule. */
type DaysOf = (rule: RuleSpec) => DayOracle;

/** The reference path: the rrule package's days and rules; zone.ts places the wall times. */
export function iterateRRuleReference(
  schedule: RRuleSchedule,
  startMs: number,
  untilMs: number,
): Generator<RawOccurrence> {
  return iterateRuleSet(schedule, startMs, untilMs, getZone(schedule.timezone), packageDays);
}

/** The fast path: rruleFast.ts's day filter where it covers the rule, else the package's; the zone table places them. */
export function iterateRRuleFast(schedule: RRuleSchedule, startMs: number, untilMs: number): Generator<RawOccurrence> {
  const daysOf: DaysOf = (rule) => fastDays(rule) ?? packageDays(rule);
  return iterateRuleSet(schedule, startMs, untilMs, getZoneTable(schedule.timezone), daysOf);
}

/** One rule's floating wall ms in [fromWall, untilWall], increasing: by days when it is day-shaped, else by the package per period. */
export function ruleWallTimes(rule: RuleSpec, days: DayOracle, fromWall: number, untilWall: number): Iterable<number> {
  return isDayShaped(rule)
    ? dayRuleWallTimes(rule, days, fromWall, untilWall)
    : periodRuleWallTimes(rule, days, fromWall, untilWall);
}

function iterateRuleSet(
  schedule: RRuleSchedule,
  startMs: number,
  untilMs: number,
  zone: SetZone,
  daysOf: DaysOf,
): Generator<RawOccurrence> {
  const fromWall = zone.lowestWallReaching(startMs);
  // A wall time is within a day of its instant (UTC offsets and gaps are shorter).
  const untilWall = untilMs + DAY_MS;
  const { exrules, rdates, exdates } = schedule.set;
  // An EXRULE equal to an RRULE removes all of it; walking both to the horizon could take minutes.
  const same = (a: RuleSpec, b: RuleSpec): boolean =>
    a.dtstart === b.dtstart && JSON.stringify(a.options) === JSON.stringify(b.options);
  const rules = schedule.set.rules.filter((rule) => !exrules.some((exrule) => same(rule, exrule)));
  const expandAll = (list: readonly RuleSpec[]) =>
    mergeIncreasing(list.map((rule) => ruleWallTimes(rule, daysOf(rule), fromWall, untilWall)));
  const ruled = wallTimesToInstants(zone, expandAll(rules), startMs);
  const listed = resolveListed(rdates, zone).filter((o) => o.at >= startMs);
  const excludedInstants = new Set(resolveListed(exdates, zone).map((o) => o.at));
  const excludedByRule = wallTimesToInstants(zone, expandAll(exrules), startMs);
  return excluding(mergeOccurrences(ruled, listed), excludedInstants, excludedByRule);
}

/**
 * Occurrences of a YEARLY or per-period-selecting rule by the rrule package, as floating
 * wall ms in [fromWall, untilWall], increasing. The package stops only when it produces a
 * date, so each batch first asks `days` (the rule's day filters without ordinals or
 * BYSETPOS: every day the rule can fire on, and more) for the next possible day: none up
 * to untilWall ends the walk. A rule whose days exist but whose BYSETPOS or ordinal never
 * picks one still walks to the year 9999 per batch (about 0.15 s YEARLY, 0.6 s MONTHLY).
 */
function* periodRuleWallTimes(rule: RuleSpec, days: DayOracle, fromWall: number, untilWall: number): Generator<number> {
  const { RRule } = rrulePackage();
  const inPeriod = periodTest(rule);
  const nextPossibleDay = (fromWallMs: number): number | undefined => {
    for (const day of days(Math.floor(fromWallMs / DAY_MS), Math.floor(untilWall / DAY_MS)))
      if (inPeriod(day)) return day;
    return undefined;
  };
  if (nextPossibleDay(Math.max(fromWall, rule.dtstart)) === undefined) return;
  if (rule.count !== null) {
    // COUNT numbers occurrences from the real DTSTART, so the rule cannot be restarted.
    const dates: number[] = [];
    new RRule({ ...rule.options, dtstart: new Date(rule.dtstart) }, true).all((date) => {
      if (date.getTime() <= untilWall) dates.push(date.getTime());
      return date.getTime() <= untilWall;
    });
    yield* dates.filter((wall) => wall >= fromWall);
    return;
  }
  let cursor = fromWall;
  let batch = 16;
  for (let day = nextPossibleDay(cursor); day !== undefined && cursor <= untilWall; day = nextPossibleDay(cursor)) {
    // Every occurrence falls on a possible day, so the walk may start there.
    cursor = Math.max(cursor, day * DAY_MS);
    const restarted = new RRule({ ...rule.options, dtstart: new Date(alignedStart(rule, cursor)) }, true);
    const chunk: number[] = [];
    let full = true;
    restarted.all((date) => {
      const wall = date.getTime();
      if (wall > untilWall) {
        full = false;
        return false;
      }
      if (wall >= cursor) chunk.push(wall);
      return chunk.length < batch;
    });
    yield* chunk;
    // The callback stops only by returning false, so a short chunk means the rule ended.
    if (!full || chunk.length < batch) return;
    cursor = chunk[chunk.length - 1]! + 1;
    batch = Math.min(batch * 2, MAX_BATCH);
  }
}

/**
 * The latest start of a period of the rule (a whole year, month, week from WKST, day, hour,
 * minute or second, INTERVAL periods apart from DTSTART's) at or before `cursor`.
 */
export function alignedStart(rule: RuleSpec, cursor: number): number {
  const origin = rule.dtstart;
  if (cursor <= origin) return origin;
  const { freq, interval } = rule;
  if (freq === FREQ.YEARLY || freq === FREQ.MONTHLY) {
    const from = new Date(origin);
    const to = new Date(cursor);
    const months = freq === FREQ.YEARLY ? 12 : 1;
    const index = (d: Date): number => Math.floor((d.getUTCFullYear() * 12 + d.getUTCMonth()) / months);
    const periods = Math.floor((index(to) - index(from)) / interval) * interval;
    if (periods === 0) return origin;
    const month = (index(from) + periods) * months;
    return Date.UTC(Math.floor(month / 12), month % 12, 1);
  }
  let base: number;
  let unit: number;
  if (freq === FREQ.WEEKLY) {
    const day = Math.floor(origin / DAY_MS) * DAY_MS;
    const weekday = (new Date(day).getUTCDay() + 6) % 7;
    base = day - ((weekday - rule.wkst + 7) % 7) * DAY_MS;
    unit = 7 * DAY_MS;
  } else {
    unit = PERIOD_MS[freq]!;
    base = Math.floor(origin / unit) * unit;
  }
  const periods = Math.floor((cursor - base) / (unit * interval)) * interval;
  return periods === 0 ? origin : base + periods * unit;
}

function resolveListed(dates: readonly ListedDate[], zone: WallResolver): RawOccurrence[] {
  return dates
    .map((d) => ('instant' in d ? { at: d.instant, shiftedByGap: false } : { ...zone.resolve(d.wall) }))
    .sort((a, b) => a.at - b.at);
}

function* mergeOccurrences(stream: Iterator<RawOccurrence>, sorted: RawOccurrence[]): Generator<RawOccurrence> {
  let i = 0;
  let last = -Infinity;
  for (let next = stream.next(); ; ) {
    const fromList = sorted[i];
    let pick: RawOccurrence;
    if (next.done) {
      if (fromList === undefined) return;
      pick = fromList;
      i++;
    } else if (fromList !== undefined && fromList.at <= next.value.at) {
      pick = fromList;
      i++;
    } else {
      pick = next.value;
      next = stream.next();
    }
    if (pick.at > last) {
      last = pick.at;
      yield pick;
    }
  }
}

function* excluding(
  occurrences: Iterable<RawOccurrence>,
  instants: ReadonlySet<number>,
  byRule: Iterator<RawOccurrence>,
): Generator<RawOccurrence> {
  let excluded = byRule.next();
  for (const occurrence of occurrences) {
    if (instants.has(occurrence.at)) continue;
    while (!excluded.done && excluded.value.at < occurrence.at) excluded = byRule.next();
    if (!excluded.done && excluded.value.at === occurrence.at) continue;
    yield occurrence;
  }
}
