/**
 * The public iteration API. Every schedule kind is one lazy generator of increasing
 * instants from `start`, per engine (see engine.ts); windows (end, count) are applied
 * here, once, for all of them.
 */
import { iterateCron } from './cron.js';
import { iterateCronFast } from './cronFast.js';
import { engineOf, type EvaluationOptions, type ScheduleEngine } from './engine.js';
import { iterateIntervalFast, iterateIntervalReference } from './interval.js';
import { iterateRRule, iterateRRuleFast } from './rrule.js';
import type { DateWindow, Occurrence, Schedule } from './types.js';
import type { RawOccurrence } from './wallTimes.js';

/** Prefect's get_dates: n defaults to 1000 with an end, 1 without. */
export const MAX_DATES_WITH_END = 1000;

type Source<S extends Schedule> = (schedule: S, startMs: number) => Iterator<RawOccurrence>;

type Sources = { [K in Schedule['kind']]: Source<Extract<Schedule, { kind: K }>> };

const SOURCES: Readonly<Record<ScheduleEngine, Sources>> = {
  fast: { cron: iterateCronFast, interval: iterateIntervalFast, rrule: iterateRRuleFast },
  reference: { cron: iterateCron, interval: iterateIntervalReference, rrule: iterateRRule },
};

function rawOccurrences(schedule: Schedule, startMs: number, options: EvaluationOptions | undefined): Iterator<RawOccurrence> {
  return (SOURCES[engineOf(options)][schedule.kind] as Source<Schedule>)(schedule, startMs);
}

/** Every occurrence at or after `start`, increasing, without end (callers stop it). */
export function* iterateOccurrences(schedule: Schedule, start: Date, options?: EvaluationOptions): Generator<Occurrence> {
  const startMs = checkedTime(start, 'start');
  const raw = rawOccurrences(schedule, startMs, options);
  for (let next = raw.next(); !next.done; next = raw.next()) {
    yield { at: new Date(next.value.at), shiftedByGap: next.value.shiftedByGap };
  }
}

/** Occurrences in [start, end], at most `count` (see DateWindow for the defaults). */
export function getOccurrences(schedule: Schedule, window: DateWindow, options?: EvaluationOptions): Occurrence[] {
  const startMs = checkedTime(window.start, 'start');
  const endMs = window.end === undefined || window.end === null ? Infinity : checkedTime(window.end, 'end');
  const limit = window.count ?? (endMs === Infinity ? 1 : MAX_DATES_WITH_END);
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`count must be a whole number of at least 0, got ${limit}`);
  }
  const result: Occurrence[] = [];
  if (limit === 0 || endMs < startMs) return result;
  const raw = rawOccurrences(schedule, startMs, options);
  for (let next = raw.next(); !next.done && next.value.at <= endMs; next = raw.next()) {
    result.push({ at: new Date(next.value.at), shiftedByGap: next.value.shiftedByGap });
    if (result.length >= limit) break;
  }
  return result;
}

export function getDates(schedule: Schedule, window: DateWindow, options?: EvaluationOptions): Date[] {
  return getOccurrences(schedule, window, options).map((occurrence) => occurrence.at);
}

function checkedTime(date: Date, name: string): number {
  const ms = date instanceof Date ? date.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}
