import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { recordPass } from './passHistory.js';
import type { Database } from '../db/openDatabase.js';
import { UsageError } from '../errors.js';
import { schedulerModel, type StoredSchedule } from '../deployments/deploymentStore.js';
import { getOccurrences, parseInstant, parseSchedule, type Occurrence } from '../schedule/index.js';
import { findHeldSlots, type DataModelAccess } from './passStore.js';

export const DEFAULT_BACKFILL_LIMIT = 1000;

export interface BackfillRequest {
  /** `flow/deployment` or an id prefix. */
  deployment: string;
  /** ISO-8601; without an offset, wall time in each schedule's zone. Both ends inclusive. */
  from: string;
  to: string;
  /** Schedule keys; empty = every active schedule. */
  scheduleKeys: string[];
  dryRun: boolean;
  /** More slots than this: nothing is written (a usage error). */
  limit: number;
  clock: Clock;
  insertBatchSize: number;
  /** The pass history (the tool's own tables) records the backfill as a pass of kind `backfill`, kept this long (seconds). */
  passHistory: number;
  logger: Logger;
}

export interface BackfillRun {
  scheduleKey: string;
  /** The schedule's zone, to print the time in. */
  timezone: string;
  scheduledTime: Date;
  /** Microseconds beyond scheduledTime (README "Durations": only intervals have them). */
  micro: number;
  status: 'new' | 'exists';
}

export interface BackfillReport {
  /** `flow/deployment`. */
  deployment: string;
  inserted: number;
  existing: number;
  dryRun: boolean;
  runs: BackfillRun[];
  durationMs: number;
}

/**
 * `scheduler backfill` (README "Backfill"): a run for every fire time of the deployment's
 * schedules in [from, to], built and inserted by the pass's code for its data model, so a
 * slot that has a run in any state is skipped, a rerun inserts nothing and a later pass
 * duplicates none. Works on a paused deployment: it is a deliberate act. Runs get the tag
 * `backfill`. Any data model, through its pass store (README "In place of Prefect's
 * scheduler"); backfill() is the tool's own tables'.
 */
export async function backfillDeployment(model: DataModelAccess, request: BackfillRequest): Promise<BackfillReport> {
  const { store } = model;
  const now = request.clock.now();
  const found = await model.deployments.find(request.deployment);
  const picked = pickSchedules(found.name, found.schedules, request.scheduleKeys);
  const [deployment] = await store.loadDeploymentsToSchedule(model.db, [found.id], 'all');
  const planned: Array<{ key: string; timezone: string; dates: Occurrence[]; runs: unknown[] }> = [];
  let slots = 0;
  for (const { id } of picked) {
    const schedule = deployment!.schedules.find((s) => s.id === id)!;
    const parsed = parseSchedule(schedule.definition);
    const from = parseInstant(request.from, parsed.timezone, 'from');
    const to = parseInstant(request.to, parsed.timezone, 'to');
    if (from > to) throw new UsageError(`--from "${request.from}" is after --to "${request.to}"`);
    if (to > now) {
      throw new UsageError(
        `--to "${request.to}" is in the future (${now.toISOString()} now): backfill creates past runs; future runs are the pass's job`,
      );
    }
    const dates = getOccurrences(parsed, { start: from, end: to, count: request.limit - slots + 1 });
    slots += dates.length;
    if (slots > request.limit) {
      throw new UsageError(
        `${found.name}: more than ${request.limit} slots between ${request.from} and ${request.to}; nothing was written. Narrow the window or raise --limit`,
        'E_BACKFILL_LIMIT',
      );
    }
    const runs = store.buildScheduledRuns(deployment!, schedule, dates, now.getTime(), 'backfill');
    planned.push({ key: schedule.key, timezone: parsed.timezone, dates, runs });
  }
  const runs: BackfillRun[] = [];
  const toInsert: unknown[] = [];
  for (const { key, timezone, dates, runs: built } of planned) {
    const held = await findHeldSlots(store, model.db.sql, built);
    built.forEach((run, i) => {
      if (!held.has(i)) toInsert.push(run);
      const date = dates[i]!;
      runs.push({
        scheduleKey: key,
        timezone,
        scheduledTime: date.at,
        micro: date.micro,
        status: held.has(i) ? 'exists' : 'new',
      });
    });
  }
  let inserted = 0;
  if (!request.dryRun && toInsert.length > 0) {
    inserted = await model.db.sql.transaction(async (tx) => {
      let count = 0;
      for (let at = 0; at < toInsert.length; at += request.insertBatchSize) {
        count += await store.insertScheduledRuns(tx, toInsert.slice(at, at + request.insertBatchSize), now);
      }
      return count;
    });
    // Another data model's database has no pass history to record it in.
    if (store.ownTables) {
      const counts = { deploymentsScanned: 1, runsInserted: inserted, runsMarkedLate: 0 };
      const record = { kind: 'backfill' as const, started: now, finished: request.clock.now(), now, counts };
      await recordPass(
        model.db,
        { ...record, errors: [], outcome: 'ok' },
        { keepSeconds: request.passHistory, logger: request.logger },
      );
    }
  }
  runs.sort(
    (a, b) => a.scheduledTime.getTime() - b.scheduledTime.getTime() || a.scheduleKey.localeCompare(b.scheduleKey),
  );
  return {
    deployment: found.name,
    inserted,
    // A slot another writer filled between the check and the insert exists as well.
    existing: runs.length - (request.dryRun ? toInsert.length : inserted),
    dryRun: request.dryRun,
    runs,
    durationMs: Math.max(0, request.clock.now().getTime() - now.getTime()),
  };
}

/** backfillDeployment on the tool's own tables. */
export async function backfill(db: Database, request: BackfillRequest): Promise<BackfillReport> {
  return backfillDeployment(schedulerModel(db), request);
}

function pickSchedules(deployment: string, schedules: StoredSchedule[], keys: string[]): StoredSchedule[] {
  if (keys.length === 0) {
    const active = schedules.filter((s) => s.active);
    if (active.length === 0) {
      throw new UsageError(`${deployment} has no active schedule; name one with --schedule KEY`, 'E_UNKNOWN_SCHEDULE');
    }
    return active;
  }
  return [...new Set(keys)].map((key) => {
    const schedule = schedules.find((s) => s.key === key);
    if (schedule === undefined) {
      throw new UsageError(
        `--schedule "${key}": ${deployment} has no such schedule; its keys are ${schedules.map((s) => s.key).join(', ') || '(none)'}`,
        'E_UNKNOWN_SCHEDULE',
      );
    }
    return schedule;
  });
}
