/**
 * The public iteration API. Every schedule kind is one lazy generator of increasing
 * instants from `start`, per engine (see engine.ts); windows (end, count) are applied
 * here, once, for all of them.
 */
import { iterateCronReference } from './cron.js';
import { iterateCronFast } from './cronFast.js';
import { engineOf, type EvaluationOptions, type ScheduleEngine } from './engine.js';
import { iterateIntervalFast, iterateIntervalReference } from './interval.js';
import { iterateRRuleFast, iterateRRuleReference } from './rrule.js';
import type { DateWindow, Occurrence, Schedule } from './types.js';
import { DAY_MS } from './units.js';
import type { RawOccurrence } from './wallTimes.js';

/** Prefect's get_dates: n defaults to 1000 with an end, 1 without. */
export const MAX_DATES_WITH_END = 1000;

/**
 * How far a search without an end looks: 100 years after its start. Every source walks at
 * most to its bound, and a rule or cron that never fires again (or fires less than once a
 * century) yields nothing instead of walking to the year 9999, minutes for some shapes.
 */
export const SEARCH_HORIZON_MS = 100 * 365.25 * DAY_MS;

export interface IterationOptions extends EvaluationOptions {
  /** Inclusive: no occurrence after it is looked for (default: start + SEARCH_HORIZON_MS). */
  readonly until?: Date | null;
}

type Source<S extends Schedule> = (schedule: S, startMs: number, untilMs: number) => Iterator<RawOccurrence>;

type Sources = { [K in Schedule['kind']]: Source<Extract<Schedule, { kind: K }>> };

const SOURCES: Readonly<Record<ScheduleEngine, Sources>> = {
  fast: { cron: iterateCronFast, interval: iterateIntervalFast, rrule: iterateRRuleFast },
  reference: { cron: iterateCronReference, interval: iterateIntervalReference, rrule: iterateRRuleReference },
};

function rawOccurrences(
  schedule: Schedule,
  startMs: number,
  untilMs: number,
  options: EvaluationOptions | undefined,
): Iterator<RawOccurrence> {
  return (SOURCES[engineOf(options)][schedule.kind] as Source<Schedule>)(schedule, startMs, untilMs);
}

/** Every occurrence in [start, until], increasing; pass the horizon as `until` when there is one, it bounds the work. */
export function* iterateOccurrences(
  schedule: Schedule,
  start: Date,
  options?: IterationOptions,
): Generator<Occurrence> {
  const startMs = checkedTime(start, 'start');
  const untilMs =
    options?.until === undefined || options.until === null
      ? startMs + SEARCH_HORIZON_MS
      : checkedTime(options.until, 'until');
  const raw = rawOccurrences(schedule, startMs, untilMs, options);
  for (let next = raw.next(); !next.done && !isAfter(next.value, untilMs); next = raw.next()) {
    yield { at: new Date(next.value.at), micro: next.value.micro ?? 0, shiftedByGap: next.value.shiftedByGap };
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
  for (const occurrence of iterateOccurrences(schedule, window.start, { ...options, until: window.end ?? null })) {
    result.push(occurrence);
    if (result.length >= limit) break;
  }
  return result;
}

export function getDates(schedule: Schedule, window: DateWindow, options?: EvaluationOptions): Date[] {
  return getOccurrences(schedule, window, options).map((occurrence) => occurrence.at);
}

/** Whether an occurrence (ms and microseconds) is later than the whole millisecond `ms`. */
export function isAfter(occurrence: { at: number | Date; micro?: number }, ms: number): boolean {
  const at = typeof occurrence.at === 'number' ? occurrence.at : occurrence.at.getTime();
  return at > ms || (at === ms && (occurrence.micro ?? 0) > 0);
}

function checkedTime(date: Date, name: string): number {
  const ms = date instanceof Date ? date.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}
