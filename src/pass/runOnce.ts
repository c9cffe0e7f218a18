import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import type { SqlDatabase } from '../db/openSqlDatabase.js';
import { schedulerPassStore, type PassStore } from './passStore.js';
import type { SaturationThresholds } from './schedulingStore.js';
import { createDeploymentClaims, type DeploymentClaims } from './deploymentClaims.js';
import type { PassReport, PassSettings } from './passReport.js';
import { markLateRuns } from './markLateRuns.js';
import { outcomeOf, recordPass, type PassKind } from './passHistory.js';
import type { SchedulerInstance } from './instance.js';

export type { PassReport, PassSettings, ScheduleFailure } from './passReport.js';

export interface RunOnceOptions {
  db: SqlDatabase;
  clock: Clock;
  settings: PassSettings;
  logger?: Logger;
  /** Aborting stops the pass after the insert batch in flight; nothing is half-written. */
  signal?: AbortSignal;
  /** The data model's queries (the `dataModel` setting); the tool's own tables when not given. */
  store?: PassStore;
  /** Called after each page of deployments with the counts so far (the CLI's spinner). */
  onProgress?: (soFar: Readonly<PassReport>) => void;
  /** What the pass history records as the pass's kind (default `once`). */
  kind?: PassKind;
  /** The process the pass history names (default this one). */
  instance?: SchedulerInstance;
}

export interface ScheduleDeploymentsOptions extends RunOnceOptions {
  deploymentIds: string[];
  /** The instant the change was written at (apply, resume): the runs are planned from it. */
  now?: Date;
}

/**
 * One scheduling pass (SPEC section 4): page through the deployments that need runs,
 * plan each active schedule from the same `now` (its missed slots first, by the catch-up
 * policy), and insert the runs in batches of insertBatchSize, one transaction per page with
 * its batches inside (a signal stops between batches; the whole batches so far commit). A
 * schedule that fails is reported and the pass goes on. Then runs nobody started within
 * lateAfter become Late, and the pass is recorded in the pass history (README "Operating"),
 * also when it fails.
 */
export async function runOnce(options: RunOnceOptions): Promise<PassReport> {
  return recordedPass(options, options.clock.now(), null);
}

/**
 * The pass restricted to some deployments: what `deployments apply` and `resume` run right
 * after their commit, and `loop` for deployments another writer created or changed. Same
 * selection, planning, catch-up and insert code as a full pass; deployments that hold
 * enough runs (or are paused) are left alone.
 */
export async function scheduleDeployments(options: ScheduleDeploymentsOptions): Promise<PassReport> {
  return recordedPass(options, options.now ?? options.clock.now(), options.deploymentIds);
}

/** The pass, recorded in the pass history (on the tool's own tables) whether it succeeds or fails. */
async function recordedPass(options: RunOnceOptions, now: Date, onlyIds: string[] | null): Promise<PassReport> {
  const { db, clock, settings } = options;
  const logger = options.logger ?? silentLogger;
  const history = { keepSeconds: settings.passHistory, logger, instance: options.instance };
  const kind = options.kind ?? 'once';
  // Another data model's database has no history table of ours (README "In place of Prefect's scheduler").
  const keepsHistory = (options.store ?? schedulerPassStore).ownTables;
  let report: PassReport;
  try {
    report = await runPass(options, now, onlyIds, logger);
  } catch (error) {
    const failure = { deployment: null, schedule: null, message: (error as Error).message };
    const counts = { deploymentsScanned: 0, runsInserted: 0, runsMarkedLate: 0 };
    const record = {
      kind,
      started: now,
      finished: clock.now(),
      now,
      counts,
      errors: [failure],
      outcome: 'failed' as const,
    };
    // The caller logs the failure; a record lost to the same failure (the database is down)
    // is no second line at the default level (SPEC section 1: one line per attempt).
    const quieter: Logger = { ...logger, warn: (message, fields) => logger.debug(message, fields) };
    if (keepsHistory) await recordPass(db, record, { ...history, logger: quieter });
    throw error;
  }
  const record = { kind, started: now, finished: clock.now(), now, counts: report, errors: report.errors };
  if (keepsHistory) await recordPass(db, { ...record, outcome: outcomeOf(report) }, history);
  return report;
}

async function runPass(
  options: RunOnceOptions,
  now: Date,
  onlyIds: string[] | null,
  logger: Logger,
): Promise<PassReport> {
  const { db, clock, settings, signal } = options;
  const store = options.store ?? schedulerPassStore;
  const startedMs = clock.now().getTime();
  const report: PassReport = {
    deploymentsScanned: 0,
    runsInserted: 0,
    runsCaughtUp: 0,
    slotsMissed: 0,
    runsMarkedLate: 0,
    errors: [],
    durationMs: 0,
    interrupted: false,
  };
  const thresholds: SaturationThresholds = {
    now,
    minRuns: settings.minRuns,
    maxRuns: settings.maxRuns,
    minUntil: new Date(now.getTime() + settings.minScheduledTime * 1000),
  };
  if (onlyIds?.length !== 0) {
    await db.sql.withSession(async (session) => {
      const claims = createDeploymentClaims(session);
      const page = async (ids: string[]) => {
        await schedulePageOf(options, store, claims, ids, now, report, logger);
        options.onProgress?.(report);
      };
      if (onlyIds === null) {
        let cursor: string | null = null;
        while (!signal?.aborted) {
          const ids = await store.selectDeploymentsToSchedule(db, cursor, settings.deploymentBatchSize, thresholds);
          if (ids.length === 0) break;
          await page(ids);
          if (ids.length < settings.deploymentBatchSize) break;
          cursor = ids[ids.length - 1]!;
        }
      } else {
        for (let at = 0; at < onlyIds.length && !signal?.aborted; at += settings.deploymentBatchSize) {
          const chunk = onlyIds.slice(at, at + settings.deploymentBatchSize);
          const ids = await store.selectDeploymentsToSchedule(db, null, chunk.length, thresholds, chunk);
          if (ids.length > 0) await page(ids);
        }
      }
    });
  }
  // Late marking belongs to the full pass: a pass restricted to a few deployments runs beside one.
  if (onlyIds === null && settings.markLateRuns && store.ownTables && !signal?.aborted) {
    report.runsMarkedLate = await markLateRuns(db, now, settings.lateAfter, signal);
  }
  report.interrupted = Boolean(signal?.aborted);
  report.durationMs = Math.max(0, clock.now().getTime() - startedMs);
  return report;
}

/** Claims a page's deployments, plans and inserts their runs, and adds the outcome to the report. */
async function schedulePageOf(
  options: RunOnceOptions,
  store: PassStore,
  claims: DeploymentClaims,
  ids: string[],
  now: Date,
  report: PassReport,
  logger: Logger,
): Promise<void> {
  const claimed = await claims.claim(ids);
  // Another instance may hold the whole page: then there is nothing to plan here.
  if (claimed.length === 0) return;
  try {
    // The schedule engine (cron-parser, luxon, rrule) is loaded only when a page needs
    // runs: most passes of a cron job find nothing to do and should start fast.
    const { schedulePage } = await import('./schedulePage.js');
    const page = await schedulePage(
      options.db,
      claimed,
      { settings: options.settings, logger, signal: options.signal, store },
      now,
    );
    report.deploymentsScanned += page.deploymentsScanned;
    report.runsInserted += page.runsInserted;
    report.runsCaughtUp += page.runsCaughtUp;
    report.slotsMissed += page.slotsMissed;
    report.errors.push(...page.failures);
  } finally {
    await claims.release(claimed);
  }
}

/** The log line of a pass: each of `loop`'s passes, and `once` where no text summary says the same. */
export function logPassSummary(logger: Logger, report: PassReport): void {
  logger.info(`scheduled ${report.runsInserted} runs`, {
    deployments: report.deploymentsScanned,
    caughtUp: report.runsCaughtUp,
    slotsMissed: report.slotsMissed,
    markedLate: report.runsMarkedLate,
    errors: report.errors.length,
    durationMs: report.durationMs,
  });
}
