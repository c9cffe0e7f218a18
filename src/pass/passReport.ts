/** What a pass reads and what it reports (SPEC sections 2, 4 and 7, README "JSON documents"). */
import type { CatchupSettings } from './catchupPolicy.js';

/** The settings a pass reads (SPEC section 2); durations in seconds. */
export interface PassSettings extends CatchupSettings {
  deploymentBatchSize: number;
  insertBatchSize: number;
  maxRuns: number;
  minRuns: number;
  maxScheduledTime: number;
  minScheduledTime: number;
  /** A run still Scheduled this long after its time becomes Late. */
  lateAfter: number;
  markLateRuns: boolean;
  /** How long pass and change records are kept. */
  passHistory: number;
}

export interface ScheduleFailure {
  /** `flow/deployment`. */
  deployment: string;
  /** The schedule's key (slug or definition hash). */
  schedule: string;
  message: string;
}

export interface PassReport {
  deploymentsScanned: number;
  /** Every run inserted, the caught-up ones included. */
  runsInserted: number;
  /** Runs that nobody started within lateAfter, now in the state Late. */
  runsMarkedLate: number;
  /** Runs inserted for slots missed while no scheduler ran (README "Catch-up after downtime"). */
  runsCaughtUp: number;
  /** Missed slots that the catch-up policy or catchupMaxRuns left without a run. */
  slotsMissed: number;
  errors: ScheduleFailure[];
  durationMs: number;
  /** True when the signal stopped the pass early (after a whole batch). */
  interrupted: boolean;
}
