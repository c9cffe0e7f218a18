import type { Clock } from '../clock.js';
import { silentLogger, type Logger } from '../logger.js';
import type { SqlDatabase } from '../db/openSqlDatabase.js';
import { ConfigError, UsageError } from '../errors.js';
import { logPassSummary, runOnce, scheduleDeployments, type PassReport, type PassSettings } from './runOnce.js';
import { schedulerPassStore, type PassStore } from './passStore.js';

export interface RunLoopOptions {
  /** Opens the database; called again after a failure, so a restarted server is picked up. */
  connect: () => Promise<SqlDatabase>;
  clock: Clock;
  /** recentLoopSeconds: how often, between passes, deployments other writers created or changed are scheduled (0 = never). */
  settings: PassSettings & { loopSeconds: number; recentLoopSeconds: number };
  logger?: Logger;
  /** Aborting ends the loop after the insert batch in flight. */
  signal?: AbortSignal;
  maxIterations?: number;
  /** The data model's queries; the tool's own tables when not given. */
  store?: PassStore;
  /** Called after every completed pass, with the database it ran on (tests, metrics); awaited. */
  onPass?: (report: PassReport, iteration: number, db: SqlDatabase) => void | Promise<void>;
  /** Called after every recent-deployments check that scheduled something (metrics count its runs). */
  onRecentCheck?: (report: PassReport) => void;
  /** Called after every pass that failed outright and will be retried (metrics). */
  onFailedAttempt?: (error: Error, attempt: number) => void;
}

export interface LoopReport {
  iterations: number;
  /** By the passes and by the recent-deployments checks between them. */
  runsInserted: number;
  /** Recent-deployments checks that found deployments to schedule. */
  recentChecksWithWork: number;
  /** Passes that finished with at least one failed schedule. */
  passesWithErrors: number;
  /** Passes that failed outright (database unreachable...) and were retried. */
  failedAttempts: number;
}

/** Sleeps are cut into slices of at most this, and the remaining time recomputed from the clock,
 *  so a suspended laptop or a clock jump does not stall the loop. */
const MAX_SLEEP_SLICE_MS = 5_000;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 60_000;

/**
 * A pass every loopSeconds, measured start to start, and between passes, every
 * recentLoopSeconds, a check for deployments any writer created or changed since the
 * last one (above a watermark of `updated`, not a fixed look-back window, so an overrun
 * loses nothing), scheduled by the pass's own code (README "Changes take effect at once").
 * A pass that overruns logs a warning and the next starts at once. A failing pass (database down, server restarting) is
 * logged in one line and retried with capped exponential backoff: the loop never exits
 * because of a transient fault, only on its signal, maxIterations, or a configuration
 * error that no retry can fix.
 */
export async function runLoop(options: RunLoopOptions): Promise<LoopReport> {
  const { clock, settings, signal } = options;
  const logger = options.logger ?? silentLogger;
  const report: LoopReport = {
    iterations: 0,
    runsInserted: 0,
    recentChecksWithWork: 0,
    passesWithErrors: 0,
    failedAttempts: 0,
  };
  const periodMs = settings.loopSeconds * 1000;
  const recentMs = settings.recentLoopSeconds * 1000;
  const store = options.store ?? schedulerPassStore;
  const checksRecent = recentMs > 0;
  let db: SqlDatabase | null = null;
  let consecutiveFailures = 0;
  /** What the recent-deployments check has handled: the newest `updated` it (or the pass) saw. */
  let watermark: Date | null = null;
  /** Schedules the deployments written since the watermark; a failure is left to the next pass. */
  const checkRecent = async (open: SqlDatabase) => {
    if (watermark === null) return;
    try {
      const recent = await store.selectRecentlyChanged(open, watermark);
      watermark = recent.watermark;
      if (recent.deploymentIds.length === 0) return;
      const pass = await scheduleDeployments({
        db: open,
        clock,
        settings,
        logger,
        signal,
        store: options.store,
        kind: 'loop',
        deploymentIds: recent.deploymentIds,
      });
      report.runsInserted += pass.runsInserted;
      if (pass.deploymentsScanned > 0) {
        report.recentChecksWithWork += 1;
        options.onRecentCheck?.(pass);
        logger.info(`scheduled ${pass.runsInserted} runs of recently changed deployments`, {
          deployments: pass.deploymentsScanned,
          errors: pass.errors.length,
        });
      }
    } catch (error) {
      logger.warn('recent-deployments check failed; the next pass covers them', { error: (error as Error).message });
    }
  };
  try {
    while (!signal?.aborted && (options.maxIterations === undefined || report.iterations < options.maxIterations)) {
      const startedMs = clock.now().getTime();
      report.iterations += 1;
      let waitMs: number;
      try {
        db ??= await options.connect();
        // Everything written up to here is the full pass's; later writes are the recent check's.
        if (checksRecent) watermark = await store.readChangeWatermark(db);
        const pass = await runOnce({ db, clock, settings, logger, signal, store: options.store, kind: 'loop' });
        logPassSummary(logger, pass);
        consecutiveFailures = 0;
        report.runsInserted += pass.runsInserted;
        if (pass.errors.length > 0) report.passesWithErrors += 1;
        await options.onPass?.(pass, report.iterations, db);
        const elapsedMs = clock.now().getTime() - startedMs;
        if (elapsedMs > periodMs) {
          logger.warn('pass took longer than loopSeconds; starting the next one now', {
            elapsedMs,
            loopSeconds: settings.loopSeconds,
          });
        }
        waitMs = periodMs - elapsedMs;
      } catch (error) {
        if (error instanceof ConfigError || error instanceof UsageError) throw error;
        consecutiveFailures += 1;
        report.failedAttempts += 1;
        options.onFailedAttempt?.(error as Error, consecutiveFailures);
        waitMs = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (consecutiveFailures - 1));
        logger.error(`pass failed, retrying in ${(waitMs / 1000).toFixed(1)} s`, {
          attempt: consecutiveFailures,
          error: (error as Error).message,
        });
        await db?.close().catch(() => undefined);
        db = null;
      }
      const isLast = options.maxIterations !== undefined && report.iterations >= options.maxIterations;
      if (isLast) continue;
      const wakeAtMs = clock.now().getTime() + waitMs;
      for (let leftMs = waitMs; leftMs > 0 && !signal?.aborted; leftMs = wakeAtMs - clock.now().getTime()) {
        if (db === null || !checksRecent) {
          await sleepFor(clock, leftMs, signal);
          break;
        }
        await sleepFor(clock, Math.min(recentMs, leftMs), signal);
        if (wakeAtMs - clock.now().getTime() > 0 && !signal?.aborted) await checkRecent(db);
      }
    }
  } finally {
    await db?.close().catch(() => undefined);
  }
  return report;
}

/** Sleeps `ms` by the clock, in slices: a forward jump (suspend) wakes early, a backward
 *  jump cannot stretch the sleep beyond `ms`. */
async function sleepFor(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  const wakeAtMs = clock.now().getTime() + ms;
  let budgetMs = ms;
  while (budgetMs > 0 && !signal?.aborted) {
    const sliceMs = Math.min(budgetMs, wakeAtMs - clock.now().getTime(), MAX_SLEEP_SLICE_MS);
    if (sliceMs <= 0) return;
    await clock.sleep(sliceMs, signal);
    budgetMs -= sliceMs;
  }
}
