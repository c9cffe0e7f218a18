import { EXIT } from '../../errors.js';
import { logPassSummary, runOnce, type PassReport } from '../../pass/runOnce.js';
import type { SqlClient } from '../../db/sql.js';
import type { Logger } from '../../logger.js';
import type { RunHealthReader } from '../../runs/runHealth.js';
import type { CliContext } from '../context.js';
import { installShutdown } from '../signals.js';

/** The spinner shows the counts so far once a pass has run this long. */
const PROGRESS_AFTER_MS = 1_000;

export async function onceCommand(ctx: CliContext, options: { metricsFile?: string }): Promise<number> {
  const store = await ctx.passStore();
  const metricsFile =
    options.metricsFile === undefined
      ? undefined
      : await openMetricsFile(options.metricsFile, ctx.logger, ctx.resolved.settings.lateAfter, store.runHealth);
  const shutdown = installShutdown(ctx.logger);
  try {
    const spinner = await ctx.output.spinner('scheduling');
    const startedMs = ctx.clock.now().getTime();
    let report: PassReport;
    try {
      report = await ctx
        .withSqlDatabase(async (db) => {
          const pass = await runOnce({
            db,
            clock: ctx.clock,
            settings: ctx.resolved.settings,
            logger: ctx.logger,
            signal: shutdown.signal,
            store,
            onProgress: (soFar) => {
              // Progress is worth reading only on a pass long enough to watch.
              if (ctx.clock.now().getTime() - startedMs >= PROGRESS_AFTER_MS)
                spinner.update(
                  `scheduling: ${soFar.deploymentsScanned} deployment(s), ${soFar.runsInserted} run(s) so far`,
                );
            },
          });
          await metricsFile?.recordPass(pass, db.sql, ctx.clock.now());
          return pass;
        })
        .finally(() => spinner.stop());
    } catch (error) {
      // A failed pass is what a cron job's textfile must show most of all; the pass's error stays the one reported.
      await metricsFile?.writeFailure().catch((writeError: Error) => ctx.logger.error(writeError.message));
      throw error;
    }
    await metricsFile?.write();
    // In text mode the summary on stdout says it all; the log line stays for JSON consumers.
    if (ctx.output.json || ctx.resolved.settings.logFormat === 'json') logPassSummary(ctx.logger, report);
    const { interrupted, ...document } = report;
    ctx.output.result(interrupted ? report : document, () => describePass(report), { quietSuppresses: true });
    return report.errors.length > 0 ? EXIT.scheduleFailed : EXIT.ok;
  } finally {
    shutdown.dispose();
  }
}

/** `--metrics-file`: checked before the pass; prom-client is loaded only then. */
async function openMetricsFile(path: string, logger: Logger, lateAfterSeconds: number, runHealth: RunHealthReader) {
  const { assertMetricsFileWritable, writeMetricsFile } = await import('../../daemon/metricsFile.js');
  await assertMetricsFileWritable(path);
  const metrics = await (await import('../../daemon/metrics.js')).createSchedulerMetrics({ processMetrics: false });
  const write = async () => writeMetricsFile(path, await metrics.text());
  return {
    recordPass: async (pass: PassReport, client: SqlClient, finishedAt: Date) => {
      metrics.recordPass(pass, finishedAt);
      // As in loop: the gauges are worth a warning, not a failed pass; the runs are inserted.
      await metrics.refreshRunHealth(runHealth, client, finishedAt, lateAfterSeconds).catch((error: Error) => {
        logger.warn('could not read the runway and late-run gauges', { error: error.message });
      });
    },
    write,
    writeFailure: async () => {
      metrics.recordFailedAttempt();
      await write();
    },
  };
}

function describePass(report: PassReport): string {
  const lines = [
    `${report.runsInserted} run(s) inserted for ${report.deploymentsScanned} deployment(s) in ${(report.durationMs / 1000).toFixed(2)} s` +
      (report.runsMarkedLate > 0 ? `; ${report.runsMarkedLate} late run(s) marked Late` : '') +
      (report.runsCaughtUp > 0 || report.slotsMissed > 0
        ? `; ${report.runsCaughtUp} of them caught up missed slots, ${report.slotsMissed} missed slot(s) left without a run`
        : '') +
      (report.interrupted ? ' (stopped early by a signal)' : ''),
  ];
  for (const failure of report.errors)
    lines.push(`  failed: ${failure.deployment} schedule ${failure.schedule}: ${failure.message}`);
  return lines.join('\n');
}
