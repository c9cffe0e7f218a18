import type { SqlDatabase } from '../db/openSqlDatabase.js';
import type { StoredDeployment } from '../deployments/deploymentStore.js';
import type { SqlClient } from '../db/sql.js';
import type { Occurrence } from '../schedule/index.js';
import { ownRunHealth, type RunHealthReader } from '../runs/runHealth.js';
import { buildScheduledRuns, type RunOrigin } from './buildScheduledRuns.js';
import {
  findExistingKeys,
  insertScheduledRuns,
  loadDeploymentsToSchedule,
  readChangeWatermark,
  selectDeploymentsToSchedule,
  selectRecentlyChanged,
  type RecentChanges,
  type DeploymentToSchedule,
  type SaturationThresholds,
  type ScheduleSelection,
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
  loadDeploymentsToSchedule(db: SqlDatabase, ids: string[], schedules?: ScheduleSelection): Promise<D[]>;
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
  /**
   * Which of these planned runs' slots already hold a run, by index: the ones
   * insertScheduledRuns would skip (preview marks them `scheduled`, backfill `exists`).
   * Through findHeldSlots, which bounds the runs per call.
   */
  heldSlots(client: SqlClient, runs: R[]): Promise<Set<number>>;
  /** The recent-deployments check's watermark and reads, on the data model's own `updated` form. */
  readChangeWatermark(db: SqlDatabase): Promise<Date>;
  selectRecentlyChanged(db: SqlDatabase, watermark: Date): Promise<RecentChanges>;
  /** The runway and late-run gauges of `loop --health-port` and `once --metrics-file`. */
  readonly runHealth: RunHealthReader;
}

/** Runs per heldSlots call: each database caps the parameters of one statement. */
const HELD_SLOTS_BATCH = 500;

/** store.heldSlots over any number of runs, HELD_SLOTS_BATCH at a time. */
export async function findHeldSlots<R>(
  store: Pick<PassStore<DeploymentToSchedule, R>, 'heldSlots'>,
  client: SqlClient,
  runs: R[],
): Promise<Set<number>> {
  const held = new Set<number>();
  for (let at = 0; at < runs.length; at += HELD_SLOTS_BATCH) {
    for (const i of await store.heldSlots(client, runs.slice(at, at + HELD_SLOTS_BATCH))) held.add(at + i);
  }
  return held;
}

/** The tool's own tables (SPEC section 3). */
export const schedulerPassStore: PassStore<DeploymentToSchedule, ScheduledRunRow> = {
  ownTables: true,
  selectDeploymentsToSchedule,
  loadDeploymentsToSchedule,
  buildScheduledRuns,
  insertScheduledRuns: async (tx, runs, now) => (await insertScheduledRuns(tx, runs, now)).length,
  heldSlots: findExistingKeys,
  readChangeWatermark: (db) => readChangeWatermark(db),
  selectRecentlyChanged: (db, watermark) => selectRecentlyChanged(db, watermark),
  runHealth: ownRunHealth,
};

/** A data model's deployments as operators name them (`flow/deployment`), every schedule included. */
export interface StoredDeployments {
  /** NotFoundError (exit 2) when the name matches none. */
  find(name: string): Promise<StoredDeployment>;
  list(): Promise<StoredDeployment[]>;
}

/**
 * What the operators' commands that plan runs (preview, backfill) work on, per data model: the
 * open database, its deployments by name, and the pass's queries, so a preview or a backfill
 * is what a pass would write there.
 */
export interface DataModelAccess {
  db: SqlDatabase;
  deployments: StoredDeployments;
  store: PassStore;
}
