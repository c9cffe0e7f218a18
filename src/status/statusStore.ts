import type { Database } from '../db/openDatabase.js';
import { listSchedulesInUse, type ScheduleInUse } from '../deployments/deploymentStore.js';
import { instancesSince, lastFinishedPass, recentPasses, type RecordedPass } from '../pass/passHistoryStore.js';
import { readLateRunSummary, readRunwayEnds } from '../runs/scheduleRuns.js';
import type { DataModel } from '../settings/definitions.js';

/** The pass history `status` reads its pass checks from. */
export interface StatusHistory {
  /** The newest passes first. */
  recentPasses(limit: number): Promise<RecordedPass[]>;
  /** The last pass that finished without failing. */
  lastFinishedPass(): Promise<RecordedPass | null>;
  /** Each instance that recorded a pass since `since`, newest first. */
  instancesSince(
    since: Date,
  ): Promise<Array<{ host: string; pid: number; version: string; lastFinished: Date; passes: number }>>;
}

/**
 * What `status` reads, per data model: one status code path serves the tool's own tables
 * and a Prefect server's (src/prefect/prefectScheduleRuns.ts), which keep no pass history
 * (README "In place of Prefect's scheduler").
 */
export interface StatusStore {
  readonly dataModel: DataModel;
  listSchedulesInUse(): Promise<ScheduleInUse[]>;
  /** The latest future auto-scheduled run of every schedule that holds one, by schedule id. */
  readRunwayEnds(now: Date): Promise<Map<string, Date>>;
  /** How many runs are late, and the scheduled time of the oldest. */
  readLateRunSummary(now: Date): Promise<{ count: number; oldest: Date | null }>;
  /** null: the data model keeps no pass history. */
  readonly history: StatusHistory | null;
}

/** The tool's own tables: its passes mark late runs, and record themselves (README "Operating"). */
export function schedulerStatusStore(db: Database): StatusStore {
  return {
    dataModel: 'scheduler',
    listSchedulesInUse: () => listSchedulesInUse(db),
    readRunwayEnds: (now) => readRunwayEnds(db, now),
    readLateRunSummary: () => readLateRunSummary(db),
    history: {
      recentPasses: (limit) => recentPasses(db, limit),
      lastFinishedPass: () => lastFinishedPass(db),
      instancesSince: (since) => instancesSince(db, since),
    },
  };
}
