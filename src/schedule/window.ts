/**
 * The public iteration API. Every schedule kind is one lazy generator of increasing
 * instants from `start`; windows (end, count) are applied here, once, for all of them.
 * A faster evaluator for some shapes can replace an entry of SOURCES without touching this.
 */
import { iterateCron } from './cron.js';
import { iterateInterval } from './interval.js';
import { iterateRRule } from './rrule.js';
import type { DateWindow, Occurrence, Schedule } from './types.js';
import type { RawOccurrence } from './wallTimes.js';

/** Prefect's get_dates: n defaults to 1000 with an end, 1 without. */
export const MAX_DATES_WITH_END = 1000;

type Source<S extends Schedule> = (schedule: S, startMs: number) => Iterator<RawOccurrence>;

const SOURCES: { [K in Schedule['kind']]: Source<Extract<Schedule, { kind: K }>> } = {
  cron: iterateCron,
  interval: iterateInterval,
  rrule: iterateRRule,
};

function rawOccurrences(schedule: Schedule, startMs: number): Iterator<RawOccurrence> {
  return (SOURCES[schedule.kind] as Source<Schedule>)(schedule, startMs);
}

/** Every occurrence at or after `start`, increasing, without end (callers stop it). */
export function* iterateOccurrences(schedule: Schedule, start: Date): Generator<Occurrence> {
  const startMs = checkedTime(start, 'start');
  const raw = rawOccurrences(schedule, startMs);
  for (let next = raw.next(); !next.done; next = raw.next()) {
    yield { at: new Date(next.value.at), shiftedByGap: next.value.shiftedByGap };
  }
}

/** Occurrences in [start, end], at most `count` (see DateWindow for the defaults). */
export function getOccurrences(schedule: Schedule, window: DateWindow): Occurrence[] {
  const startMs = checkedTime(window.start, 'start');
  const endMs = window.end === undefined || window.end === null ? Infinity : checkedTime(window.end, 'end');
  const limit = window.count ?? (endMs === Infinity ? 1 : MAX_DATES_WITH_END);
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`count must be a whole number of at least 0, got ${limit}`);
  }
  const result: Occurrence[] = [];
  if (limit === 0 || endMs < startMs) return result;
  const raw = rawOccurrences(schedule, startMs);
  for (let next = raw.next(); !next.done && next.value.at <= endMs; next = raw.next()) {
    result.push({ at: new Date(next.value.at), shiftedByGap: next.value.shiftedByGap });
    if (result.length >= limit) break;
  }
  return result;
}

export function getDates(schedule: Schedule, window: DateWindow): Date[] {
  return getOccurrences(schedule, window).map((occurrence) => occurrence.at);
}

function checkedTime(date: Date, name: string): number {
  const ms = date instanceof Date ? date.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}
