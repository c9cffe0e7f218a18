import { iterateOccurrences, type Occurrence, type Schedule } from '../schedule/index.js';
import type { CatchupPolicy } from './catchupPolicies.js';

/** What a pass does with the slots it missed (README "Catch-up after downtime"). */

/** The catch-up settings a pass reads (SPEC section 7); the window in seconds. */
export interface CatchupSettings {
  catchup: CatchupPolicy;
  catchupWindow: number;
  catchupMaxRuns: number;
}

/** What is known about one schedule before its missed slots are counted. */
export interface CatchupFacts {
  /** The schedule's own policy, or null to follow the setting. */
  catchup: CatchupPolicy | null;
  /** When it became active in its current form. */
  activeSince: Date;
  /**
   * Its latest run (any state), or null. A run at or after now means the pass was holding
   * the schedule's runs, so nothing was missed: counting again the slots a pass already
   * counted (or that a deleted run freed) would be wrong.
   */
  latestRun: Date | null;
}

export interface CatchupPlan {
  policy: CatchupPolicy;
  /** How many slots of the examined span, up to now, have no run. */
  missed: number;
  /** The slots that get a run, oldest first (a subset of the missed ones). */
  runs: Occurrence[];
  /** The first and last missed slot, when there is one. */
  firstMissed: Date | null;
  lastMissed: Date | null;
  /**
   * When the outage began before the window (now − catchupWindow): the span from the
   * outage's start to the window that was not examined. Null otherwise.
   */
  notExamined: { from: Date; to: Date } | null;
}

/**
 * The missed slots of a schedule at `now` (SPEC section 7): fire times t with from < t <
 * now, where from is the latest of its latest run, the instant it became active in its
 * current form, and now − catchupWindow; every slot after the latest run has no run.
 * `latest` keeps the newest, `all` the newest catchupMaxRuns. Pure: the caller supplies the
 * facts read from the database.
 */
export function planCatchup(
  schedule: Schedule,
  facts: CatchupFacts,
  now: Date,
  settings: CatchupSettings,
): CatchupPlan {
  const policy = facts.catchup ?? settings.catchup;
  const windowStart = now.getTime() - settings.catchupWindow * 1000;
  const outageStart = Math.max(facts.activeSince.getTime(), facts.latestRun?.getTime() ?? -Infinity);
  const fromMs = Math.max(outageStart, windowStart);
  const keep = policy === 'none' ? 0 : policy === 'latest' ? 1 : settings.catchupMaxRuns;
  const newest: Occurrence[] = [];
  let missed = 0;
  let firstMissed: Date | null = null;
  let lastMissed: Date | null = null;
  if (fromMs + 1 < now.getTime()) {
    for (const occurrence of iterateOccurrences(schedule, new Date(fromMs + 1), {
      until: new Date(now.getTime() - 1),
    })) {
      missed += 1;
      firstMissed ??= occurrence.at;
      lastMissed = occurrence.at;
      if (keep === 0) continue;
      newest.push(occurrence);
      if (newest.length > keep) newest.shift();
    }
  }
  const notExamined =
    missed > 0 && outageStart < windowStart ? { from: new Date(outageStart), to: new Date(windowStart) } : null;
  return { policy, missed, runs: newest, firstMissed, lastMissed, notExamined };
}
