import type { SqlDatabase } from '../db/openSqlDatabase.js';
import type { SqlClient } from '../db/sql.js';
import type { Occurrence } from '../schedule/index.js';
import { ownRunHealth, type RunHealthReader } from '../runs/runHealth.js';
import { buildScheduledRuns, type RunOrigin } from './buildScheduledRuns.js';
import {
  insertScheduledRuns,
  loadDeploymentsToSchedule,
  readChangeWatermark,
  selectDeploymentsToSchedule,
  selectRecentlyChanged,
  type RecentChanges,
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
  /**
   * The tool's own tables: the pass records its history and marks late runs there. On another
   * data model's database neither table nor job is the tool's (Prefect's server marks its late runs).
   */
  readonly ownTables: boolean;
  selectDeploymentsToSchedule(
    db: SqlDatabase,
    afterId: string | null,
    limit: number,
    thresholds: SaturationThresholds,
    /** Only these deployments (a pass restricted to what apply, resume or another writer changed). */
    onlyIds?: string[] | null,
  ): Promise<string[]>;
  loadDeploymentsToSchedule(db: SqlDatabase, ids: string[]): Promise<D[]>;
  buildScheduledRuns(
    deployment: D,
    schedule: D['schedules'][number] & ScheduleToPlan,
    occurrences: Occurrence[],
    nowMs: number,
    /** Runs for missed slots or a backfill carry it as a tag. */
    origin?: RunOrigin | null,
  ): R[];
  /** Inside the page's transaction; returns how many runs were new. */
  insertScheduledRuns(tx: SqlClient, runs: R[], now: Date): Promise<number>;
  /** The recent-deployments check's watermark and reads, on the data model's own `updated` form. */
  readChangeWatermark(db: SqlDatabase): Promise<Date>;
  selectRecentlyChanged(db: SqlDatabase, watermark: Date): Promise<RecentChanges>;
  /** The runway and late-run gauges of `loop --health-port` and `once --metrics-file`. */
  readonly runHealth: RunHealthReader;
}

/** The tool's own tables (SPEC section 3). */
export const schedulerPassStore: PassStore<DeploymentToSchedule, ScheduledRunRow> = {
  ownTables: true,
  selectDeploymentsToSchedule,
  loadDeploymentsToSchedule,
  buildScheduledRuns,
  insertScheduledRuns: async (tx, runs, now) => (await insertScheduledRuns(tx, runs, now)).length,
  readChangeWatermark: (db) => readChangeWatermark(db),
  selectRecentlyChanged: (db, watermark) => selectRecentlyChanged(db, watermark),
  runHealth: ownRunHealth,
};
