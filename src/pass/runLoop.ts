import type { Clock } from '../clock.js';
import { silentLogger, type Logger } from '../logger.js';
import type { SqlDatabase } from '../db/openSqlDatabase.js';
import { ConfigError, UsageError } from '../errors.js';
import { logPassSummary, runOnce, type PassReport, type PassSettings } from './runOnce.js';
import type { PassStore } from './passStore.js';

export interface RunLoopOptions {
  /** Opens the database; called again after a failure, so a restarted server is picked up. */
  connect: () => Promise<SqlDatabase>;
  clock: Clock;
  settings: PassSettings & { loopSeconds: number };
  logger?: Logger;
  /** Aborting ends the loop after the insert batch in flight. */
  signal?: AbortSignal;
  maxIterations?: number;
  /** The data model's queries; the tool's own tables when not given. */
  store?: PassStore;
  /** Called after every completed pass, with the database it ran on (tests, metrics); awaited. */
  onPass?: (report: PassReport, iteration: number, db: SqlDatabase) => void | Promise<void>;
  /** Called after every pass that failed outright and will be retried (metrics). */
  onFailedAttempt?: (error: Error, attempt: number) => void;
}

export interface LoopReport {
  iterations: number;
  runsInserted: number;
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
 * A pass every loopSeconds, measured start to start. A pass that overruns logs a warning
 * and the next starts at once. A failing pass (database down, server restarting) is
 * logged in one line and retried with capped exponential backoff: the loop never exits
 * because of a transient fault, only on its signal, maxIterations, or a configuration
 * error that no retry can fix.
 */
export async function runLoop(options: RunLoopOptions): Promise<LoopReport> {
  const { clock, settings, signal } = options;
  const logger = options.logger ?? silentLogger;
  const report: LoopReport = { iterations: 0, runsInserted: 0, passesWithErrors: 0, failedAttempts: 0 };
  const periodMs = settings.loopSeconds * 1000;
  let db: SqlDatabase | null = null;
  let consecutiveFailures = 0;
  try {
    while (!signal?.aborted && (options.maxIterations === undefined || report.iterations < options.maxIterations)) {
      const startedMs = clock.now().getTime();
      report.iterations += 1;
      let waitMs: number;
      try {
        db ??= await options.connect();
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
      if (!isLast) await sleepFor(clock, waitMs, signal);
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
