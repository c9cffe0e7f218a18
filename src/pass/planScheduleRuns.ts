import { isAfter, iterateOccurrences, type Occurrence, type Schedule } from '../schedule/index.js';

export interface RunPlanLimits {
  maxRuns: number;
  minRuns: number;
  /** Seconds. */
  maxScheduledTime: number;
  /** Seconds. */
  minScheduledTime: number;
  /** The schedule's own cap (DeploymentSchedule.maxScheduledRuns), if any. */
  maxScheduledRuns?: number | null;
}

/**
 * SPEC section 4 step 2, the one implementation both the pass and `preview` use: dates
 * from `start`, stopping at maxRuns (or the schedule's own cap) or at start +
 * maxScheduledTime, whichever comes first, and early once both minRuns dates and
 * start + minScheduledTime are reached (Prefect's waterfall).
 */
export function planScheduleRuns(schedule: Schedule, start: Date, limits: RunPlanLimits): Occurrence[] {
  const end = start.getTime() + limits.maxScheduledTime * 1000;
  const enoughTime = start.getTime() + limits.minScheduledTime * 1000;
  const cap = Math.min(limits.maxRuns, limits.maxScheduledRuns ?? Infinity);
  const planned: Occurrence[] = [];
  if (cap <= 0) return planned;
  // `until` bounds the engine's own search too: a rule that never fires stops at the horizon.
  for (const occurrence of iterateOccurrences(schedule, start, { until: new Date(end) })) {
    if (isAfter(occurrence, end)) break;
    planned.push(occurrence);
    if (planned.length >= cap) break;
    if (planned.length >= limits.minRuns && occurrence.at.getTime() >= enoughTime) break;
  }
  return planned;
}
