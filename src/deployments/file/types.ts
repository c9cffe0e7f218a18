/** What a deployments file holds once read: SPEC section 3 "Deployments file". */
import type { CatchupPolicy } from '../../pass/catchupPolicies.js';

export interface ScheduleSpec {
  /**
   * Only the definition keys, in Prefect's names: one of `cron` | `interval` | `rrule`, plus
   * `timezone`, `day_or` (cron) and `anchor_date` (interval) when given. `interval` is in
   * seconds. A null or empty timezone is omitted (= UTC), as are other null keys.
   */
  definition: Record<string, unknown>;
  active: boolean;
  slug: string | null;
  /** Overrides of the deployment's parameters for runs of this schedule. */
  parameters: Record<string, unknown>;
  maxScheduledRuns: number | null;
  /** `catchup:` (true = all, false = none), or null to follow the catchup setting. */
  catchup: CatchupPolicy | null;
}

export interface DeploymentSpec {
  /** `flow_name`, else the entrypoint's function with `_` turned into `-`, as Prefect names flows. */
  flowName: string;
  name: string;
  description: string | null;
  tags: string[];
  parameters: Record<string, unknown>;
  workQueueName: string | null;
  paused: boolean;
  schedules: ScheduleSpec[];
}

export interface DeploymentsFile {
  path: string;
  deployments: DeploymentSpec[];
  /** One line each, prefixed with the file's path; the caller prints them. */
  warnings: string[];
}

/** Throws `InvalidScheduleError` for a definition that cannot be evaluated. */
export type ScheduleValidator = (definition: Record<string, unknown>) => void;
