import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import type { SqlDatabase } from '../db/openSqlDatabase.js';
import { schedulerPassStore, type PassStore } from './passStore.js';
import { createDeploymentClaims } from './deploymentClaims.js';
import type { PassReport, PassSettings } from './passReport.js';

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
}

/**
 * One scheduling pass (SPEC section 4): page through the deployments that need runs,
 * plan each active schedule from the same `now`, and insert the runs in batches of
 * insertBatchSize, one transaction per page with its batches inside (a signal stops between
 * batches; the whole batches so far commit). A schedule that fails is reported and the pass
 * goes on.
 */
export async function runOnce(options: RunOnceOptions): Promise<PassReport> {
  const { db, clock, settings, signal } = options;
  const store = options.store ?? schedulerPassStore;
  const logger = options.logger ?? silentLogger;
  const now = clock.now();
  const startedMs = now.getTime();
  const report: PassReport = { deploymentsScanned: 0, runsInserted: 0, errors: [], durationMs: 0, interrupted: false };
  const thresholds = {
    now,
    minRuns: settings.minRuns,
    maxRuns: settings.maxRuns,
    minUntil: new Date(startedMs + settings.minScheduledTime * 1000),
  };
  await db.sql.withSession(async (session) => {
    const claims = createDeploymentClaims(session);
    let cursor: string | null = null;
    while (!signal?.aborted) {
      const ids = await store.selectDeploymentsToSchedule(db, cursor, settings.deploymentBatchSize, thresholds);
      if (ids.length === 0) break;
      const claimed = await claims.claim(ids);
      // Another instance may hold the whole page: then there is nothing to plan here.
      if (claimed.length > 0) {
        try {
          // The schedule engine (cron-parser, luxon, rrule) is loaded only when a page needs
          // runs: most passes of a cron job find nothing to do and should start fast.
          const { schedulePage } = await import('./schedulePage.js');
          const page = await schedulePage(db, claimed, { settings, logger, signal, store }, now);
          report.deploymentsScanned += page.deploymentsScanned;
          report.runsInserted += page.runsInserted;
          report.errors.push(...page.failures);
        } finally {
          await claims.release(claimed);
        }
      }
      options.onProgress?.(report);
      if (ids.length < settings.deploymentBatchSize) break;
      cursor = ids[ids.length - 1]!;
    }
  });
  report.interrupted = Boolean(signal?.aborted);
  report.durationMs = Math.max(0, clock.now().getTime() - startedMs);
  return report;
}

/** The log line of a pass: each of `loop`'s passes, and `once` where no text summary says the same. */
export function logPassSummary(logger: Logger, report: PassReport): void {
  logger.info(`scheduled ${report.runsInserted} runs`, {
    deployments: report.deploymentsScanned,
    errors: report.errors.length,
    durationMs: report.durationMs,
  });
}
