import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import type { SqlDatabase } from '../db/openSqlDatabase.js';
import { selectDeploymentsToSchedule, type SaturationThresholds } from './schedulingStore.js';
import { createDeploymentClaims, type DeploymentClaims } from './deploymentClaims.js';
import type { PassReport, PassSettings } from './passReport.js';

export type { PassReport, PassSettings, ScheduleFailure } from './passReport.js';

export interface RunOnceOptions {
  db: SqlDatabase;
  clock: Clock;
  settings: PassSettings;
  logger?: Logger;
  /** Aborting stops the pass after the insert batch in flight; nothing is half-written. */
  signal?: AbortSignal;
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
 * schedule that fails is reported and the pass goes on.
 */
export async function runOnce(options: RunOnceOptions): Promise<PassReport> {
  const report = await runPass(options, options.clock.now(), null);
  (options.logger ?? silentLogger).info(`scheduled ${report.runsInserted} runs`, {
    deployments: report.deploymentsScanned,
    caughtUp: report.runsCaughtUp,
    slotsMissed: report.slotsMissed,
    errors: report.errors.length,
    durationMs: report.durationMs,
  });
  return report;
}

/**
 * The pass restricted to some deployments: what `deployments apply` and `resume` run right
 * after their commit, and `loop` for deployments another writer created or changed. Same
 * selection, planning, catch-up and insert code as a full pass; deployments that hold
 * enough runs (or are paused) are left alone.
 */
export async function scheduleDeployments(options: ScheduleDeploymentsOptions): Promise<PassReport> {
  return runPass(options, options.now ?? options.clock.now(), options.deploymentIds);
}

async function runPass(options: RunOnceOptions, now: Date, onlyIds: string[] | null): Promise<PassReport> {
  const { db, clock, settings, signal } = options;
  const logger = options.logger ?? silentLogger;
  const startedMs = clock.now().getTime();
  const report: PassReport = {
    deploymentsScanned: 0,
    runsInserted: 0,
    runsCaughtUp: 0,
    slotsMissed: 0,
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
      const page = async (ids: string[]) => schedulePageOf(options, claims, ids, now, report, logger);
      if (onlyIds === null) {
        let cursor: string | null = null;
        while (!signal?.aborted) {
          const ids = await selectDeploymentsToSchedule(db, cursor, settings.deploymentBatchSize, thresholds);
          if (ids.length === 0) break;
          await page(ids);
          if (ids.length < settings.deploymentBatchSize) break;
          cursor = ids[ids.length - 1]!;
        }
      } else {
        for (let at = 0; at < onlyIds.length && !signal?.aborted; at += settings.deploymentBatchSize) {
          const chunk = onlyIds.slice(at, at + settings.deploymentBatchSize);
          const ids = await selectDeploymentsToSchedule(db, null, chunk.length, thresholds, chunk);
          if (ids.length > 0) await page(ids);
        }
      }
    });
  }
  report.interrupted = Boolean(signal?.aborted);
  report.durationMs = Math.max(0, clock.now().getTime() - startedMs);
  return report;
}

/** Claims a page's deployments, plans and inserts their runs, and adds the outcome to the report. */
async function schedulePageOf(
  options: RunOnceOptions,
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
      { settings: options.settings, logger, signal: options.signal },
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
