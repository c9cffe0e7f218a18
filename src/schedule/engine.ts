/**
 * Which evaluator turns schedules into dates. 'fast' (the default) works on precomputed
 * field sets and a cached table of the zone's transitions; 'reference' iterates the
 * libraries themselves (cron-parser, luxon, rrule) plus the SPEC's DST rules. Both return
 * the same dates (test/schedule/differential.test.ts); the reference path stays reachable
 * to check the fast one in production and to rule it out when a date looks wrong.
 *
 * The process-wide default is plain module state set by the caller (the CLI maps
 * SCHEDULER_SCHEDULE_ENGINE onto it), so this module reads no environment itself.
 */
export type ScheduleEngine = 'fast' | 'reference';

export const SCHEDULE_ENGINES: readonly ScheduleEngine[] = ['fast', 'reference'];

export interface EvaluationOptions {
  /** Overrides the process-wide default (see setDefaultEngine). */
  readonly engine?: ScheduleEngine;
}

let defaultEngine: ScheduleEngine = 'fast';

export function isScheduleEngine(value: unknown): value is ScheduleEngine {
  return SCHEDULE_ENGINES.includes(value as ScheduleEngine);
}

export function setDefaultEngine(engine: ScheduleEngine): void {
  if (!isScheduleEngine(engine)) {
    throw new RangeError(`schedule engine must be one of ${SCHEDULE_ENGINES.join(', ')}, got ${String(engine)}`);
  }
  defaultEngine = engine;
}

export function engineOf(options: EvaluationOptions | undefined): ScheduleEngine {
  return options?.engine ?? defaultEngine;
}
