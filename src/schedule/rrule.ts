/**
 * RRule evaluation on the wall clock of the schedule's zone. The rrule package always
 * walks from DTSTART, which for FREQ=MINUTELY since 2020 means millions of steps per query;
 * rules without COUNT are therefore restarted from the period that holds the query start,
 * which gives the same dates because every DTSTART-derived default is explicit (rruleRule).
 * Sets (RDATE, EXDATE, EXRULE, several RRULEs) are combined here for both engines.
 */
import rrulePkg from 'rrule';
import { fastRuleWallTimes } from './rruleFast.js';
import type { ListedDate, RRuleSchedule, RuleSpec } from './types.js';
import { mergeIncreasing, wallTimesToInstants, type RawOccurrence, type WallResolver } from './wallTimes.js';
import { DAY_MS, getZone } from './zone.js';
import { getZoneTable } from './zoneTable.js';

const { RRule } = rrulePkg;

const UNIT_MS = [0, 0, 0, DAY_MS, 3_600_000, 60_000, 1000];
const MAX_BATCH = 2048;

interface SetZone extends WallResolver {
  lowestWallReaching(ms: number): number;
}

type RuleExpander = (rule: RuleSpec, fromWall: number) => Iterable<number>;

/** The reference path: the rrule package expands every rule; zone.ts places the wall times. */
export function iterateRRule(schedule: RRuleSchedule, startMs: number): Generator<RawOccurrence> {
  return iterateRuleSet(schedule, startMs, getZone(schedule.timezone), ruleWallTimes);
}

/** The fast path: rruleFast.ts expands the rules it knows (others as above); the zone table places them. */
export function iterateRRuleFast(schedule: RRuleSchedule, startMs: number): Generator<RawOccurrence> {
  const expand: RuleExpander = (rule, fromWall) => fastRuleWallTimes(rule, fromWall) ?? ruleWallTimes(rule, fromWall);
  return iterateRuleSet(schedule, startMs, getZoneTable(schedule.timezone), expand);
}

function iterateRuleSet(schedule: RRuleSchedule, startMs: number, zone: SetZone, expand: RuleExpander): Generator<RawOccurrence> {
  const fromWall = zone.lowestWallReaching(startMs);
  const { rules, exrules, rdates, exdates } = schedule.set;
  const ruled = wallTimesToInstants(zone, mergeIncreasing(rules.map((r) => expand(r, fromWall))), startMs);
  const listed = resolveListed(rdates, zone).filter((o) => o.at >= startMs);
  const excludedInstants = new Set(resolveListed(exdates, zone).map((o) => o.at));
  const excludedByRule = wallTimesToInstants(zone, mergeIncreasing(exrules.map((r) => expand(r, fromWall))), startMs);
  return excluding(mergeOccurrences(ruled, listed), excludedInstants, excludedByRule);
}

/** Occurrences of one rule as floating wall ms at or after fromWall, increasing. */
export function* ruleWallTimes(rule: RuleSpec, fromWall: number): Generator<number> {
  if (rule.count !== null) {
    // COUNT numbers occurrences from the real DTSTART, so the rule cannot be restarted.
    for (const date of new RRule({ ...rule.options, dtstart: new Date(rule.dtstart) }, true).all()) {
      if (date.getTime() >= fromWall) yield date.getTime();
    }
    return;
  }
  let cursor = fromWall;
  let batch = 16;
  for (;;) {
    const restarted = new RRule({ ...rule.options, dtstart: new Date(alignedStart(rule, cursor)) }, true);
    const chunk: number[] = [];
    restarted.all((date) => {
      const wall = date.getTime();
      if (wall < cursor) return true;
      chunk.push(wall);
      return chunk.length < batch;
    });
    yield* chunk;
    // The callback stops only by returning false, so a full chunk means the rule goes on.
    if (chunk.length < batch) return;
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
  if (freq <= 1) {
    const from = new Date(origin);
    const to = new Date(cursor);
    const months = freq === 0 ? 12 : 1;
    const index = (d: Date): number => Math.floor((d.getUTCFullYear() * 12 + d.getUTCMonth()) / months);
    const periods = Math.floor((index(to) - index(from)) / interval) * interval;
    if (periods === 0) return origin;
    const month = (index(from) + periods) * months;
    return Date.UTC(Math.floor(month / 12), month % 12, 1);
  }
  let base: number;
  let unit: number;
  if (freq === 2) {
    const day = Math.floor(origin / DAY_MS) * DAY_MS;
    const weekday = (new Date(day).getUTCDay() + 6) % 7;
    base = day - ((weekday - rule.wkst + 7) % 7) * DAY_MS;
    unit = 7 * DAY_MS;
  } else {
    unit = UNIT_MS[freq]!;
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
