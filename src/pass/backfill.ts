import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { recordPass } from './passHistory.js';
import type { Database } from '../db/openDatabase.js';
import { UsageError } from '../errors.js';
import { findDeployment, type StoredSchedule } from '../deployments/deploymentStore.js';
import { findExistingIdempotencyKeys } from '../runs/runStore.js';
import { idempotencyKeyOf } from '../runs/idempotency.js';
import { getOccurrences, parseInstant, parseSchedule, type Occurrence } from '../schedule/index.js';
import { buildScheduledRuns } from './buildScheduledRuns.js';
import { insertScheduledRuns, type ScheduledRunRow } from './schedulingStore.js';

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
  /** The pass history records the backfill as a pass of kind `backfill`, kept this long (seconds). */
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
 * schedules in [from, to], with the pass's idempotency keys and insert code, so a slot that
 * has a run in any state is skipped, a rerun inserts nothing and a later pass duplicates
 * none. Works on a paused deployment: it is a deliberate act. Runs get the tag `backfill`.
 */
export async function backfill(db: Database, request: BackfillRequest): Promise<BackfillReport> {
  const now = request.clock.now();
  const deployment = await findDeployment(db, request.deployment);
  const schedules = pickSchedules(deployment.name, deployment.schedules, request.scheduleKeys);
  const planned: Array<{ schedule: StoredSchedule; timezone: string; dates: Occurrence[] }> = [];
  let slots = 0;
  for (const schedule of schedules) {
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
        `${deployment.name}: more than ${request.limit} slots between ${request.from} and ${request.to}; nothing was written. Narrow the window or raise --limit`,
        'E_BACKFILL_LIMIT',
      );
    }
    planned.push({ schedule, timezone: parsed.timezone, dates });
  }
  const nowMs = now.getTime();
  const runs: BackfillRun[] = [];
  const toInsert: ScheduledRunRow[] = [];
  for (const { schedule, timezone, dates } of planned) {
    const keys = dates.map((date) => idempotencyKeyOf(deployment.id, schedule.key, date));
    const existing = await findExistingIdempotencyKeys(db, deployment.flowId, keys);
    const fresh = dates.filter((_, i) => !existing.has(keys[i]!));
    toInsert.push(...buildScheduledRuns(deployment, schedule, fresh, nowMs, 'backfill'));
    dates.forEach((date, i) => {
      runs.push({
        scheduleKey: schedule.key,
        timezone,
        scheduledTime: date.at,
        micro: date.micro,
        status: existing.has(keys[i]!) ? 'exists' : 'new',
      });
    });
  }
  let inserted = 0;
  if (!request.dryRun && toInsert.length > 0) {
    inserted = await db.sql.transaction(async (tx) => {
      let count = 0;
      for (let at = 0; at < toInsert.length; at += request.insertBatchSize) {
        count += (await insertScheduledRuns(tx, toInsert.slice(at, at + request.insertBatchSize), now)).length;
      }
      return count;
    });
    const counts = { deploymentsScanned: 1, runsInserted: inserted, runsMarkedLate: 0 };
    const record = { kind: 'backfill' as const, started: now, finished: request.clock.now(), now, counts };
    await recordPass(
      db,
      { ...record, errors: [], outcome: 'ok' },
      { keepSeconds: request.passHistory, logger: request.logger },
    );
  }
  runs.sort(
    (a, b) => a.scheduledTime.getTime() - b.scheduledTime.getTime() || a.scheduleKey.localeCompare(b.scheduleKey),
  );
  return {
    deployment: deployment.name,
    inserted,
    // A slot another writer filled between the check and the insert exists as well.
    existing: runs.length - (request.dryRun ? toInsert.length : inserted),
    dryRun: request.dryRun,
    runs,
    durationMs: Math.max(0, request.clock.now().getTime() - now.getTime()),
  };
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
