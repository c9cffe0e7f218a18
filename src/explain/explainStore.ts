import type { Database } from '../db/openDatabase.js';
import { listChanges, type RecordedChange } from '../deployments/changeStore.js';
import { findDeployment, type StoredDeployment, type StoredSchedule } from '../deployments/deploymentStore.js';
import { passesAround, passesWithErrors, passPlannedAt, type RecordedPass } from '../pass/passHistoryStore.js';
import { findRunsAt, readScheduleRunways, type RunAtTime, type ScheduleRunway } from '../runs/scheduleRuns.js';
import type { DataModel } from '../settings/definitions.js';

/** The pass and change history `explain` reads its verdicts about the past from. */
export interface ExplainHistory {
  /** A deployment's recorded changes, oldest first. */
  listChanges(deploymentId: string): Promise<RecordedChange[]>;
  /** The newest passes that recorded errors, newest first. */
  passesWithErrors(limit: number): Promise<RecordedPass[]>;
  /** The pass that planned from exactly `now`. */
  passPlannedAt(now: Date): Promise<RecordedPass | null>;
  /** The last pass that planned from `at` or before, the first after it, and the oldest one kept. */
  passesAround(
    at: Date,
  ): Promise<{ before: RecordedPass | null; after: RecordedPass | null; oldest: RecordedPass | null }>;
}

/**
 * What `explain` reads, per data model: one explain code path serves the tool's own tables
 * and a Prefect server's (src/prefect/prefectScheduleRuns.ts), which keep no history
 * (README "In place of Prefect's scheduler").
 */
export interface ExplainStore {
  readonly dataModel: DataModel;
  findDeployment(name: string): Promise<StoredDeployment>;
  /** Each schedule's runway, keyed by schedule id; `limit` caps the held times read per schedule. */
  readScheduleRunways(
    deploymentId: string,
    scheduleIds: string[],
    now: Date,
    limit: number,
  ): Promise<Map<string, ScheduleRunway>>;
  /** The schedule's runs at exactly these instants, whatever their state, with their state history. */
  findScheduleRunsAt(deploymentId: string, schedule: StoredSchedule, instants: Date[]): Promise<RunAtTime[]>;
  /** null: the data model keeps neither pass nor change history. */
  readonly history: ExplainHistory | null;
}

/** The tool's own tables, with their pass and change history (README "Operating"). */
export function schedulerExplainStore(db: Database): ExplainStore {
  return {
    dataModel: 'scheduler',
    findDeployment: (name) => findDeployment(db, name),
    readScheduleRunways: (_deploymentId, scheduleIds, now, limit) => readScheduleRunways(db, scheduleIds, now, limit),
    // Its own runs, or the deployment's whose idempotency key names its key (a backfill's).
    findScheduleRunsAt: async (deploymentId, schedule, instants) =>
      (await findRunsAt(db, deploymentId, instants)).filter(
        (run) => run.scheduleId === schedule.id || (run.idempotencyKey?.split(' ').includes(schedule.key) ?? false),
      ),
    history: {
      listChanges: (deploymentId) => listChanges(db, deploymentId),
      passesWithErrors: (limit) => passesWithErrors(db, limit),
      passPlannedAt: (now) => passPlannedAt(db, now),
      passesAround: (at) => passesAround(db, at),
    },
  };
}
