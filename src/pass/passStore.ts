import type { SqlDatabase } from '../db/openSqlDatabase.js';
import type { SqlClient } from '../db/sql.js';
import type { Occurrence } from '../schedule/index.js';
import { buildScheduledRuns } from './buildScheduledRuns.js';
import {
  insertScheduledRuns,
  loadDeploymentsToSchedule,
  selectDeploymentsToSchedule,
  type DeploymentToSchedule,
  type SaturationThresholds,
  type ScheduleToPlan,
  type ScheduledRunRow,
} from './schedulingStore.js';

/**
 * The pass's queries for one data model (the `dataModel` setting): which deployments need
 * runs, what they are, what a planned date becomes, and how a batch is written. The pass
 * itself (paging, claims, planning, batches, signals) is the same for every data model.
 */
export interface PassStore<D extends DeploymentToSchedule = DeploymentToSchedule, R = unknown> {
  selectDeploymentsToSchedule(
    db: SqlDatabase,
    afterId: string | null,
    limit: number,
    thresholds: SaturationThresholds,
  ): Promise<string[]>;
  loadDeploymentsToSchedule(db: SqlDatabase, ids: string[]): Promise<D[]>;
  buildScheduledRuns(
    deployment: D,
    schedule: D['schedules'][number] & ScheduleToPlan,
    occurrences: Occurrence[],
    nowMs: number,
  ): R[];
  /** Inside the page's transaction; returns how many runs were new. */
  insertScheduledRuns(tx: SqlClient, runs: R[], now: Date): Promise<number>;
}

/** The tool's own tables (SPEC section 3). */
export const schedulerPassStore: PassStore<DeploymentToSchedule, ScheduledRunRow> = {
  selectDeploymentsToSchedule,
  loadDeploymentsToSchedule,
  buildScheduledRuns,
  insertScheduledRuns: async (tx, runs, now) => (await insertScheduledRuns(tx, runs, now)).length,
};
