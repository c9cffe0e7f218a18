import { EXIT } from '../../errors.js';
import { runOnce, type PassReport } from '../../pass/runOnce.js';
import type { CliContext } from '../context.js';
import { installShutdown } from '../signals.js';

export async function onceCommand(ctx: CliContext): Promise<number> {
  const shutdown = installShutdown(ctx.logger);
  try {
    const spinner = await ctx.output.spinner('scheduling');
    const report = await ctx
      .withSqlDatabase((db) =>
        runOnce({ db, clock: ctx.clock, settings: ctx.resolved.settings, logger: ctx.logger, signal: shutdown.signal }),
      )
      .finally(() => spinner.stop());
    const { interrupted, ...document } = report;
    ctx.output.result(interrupted ? report : document, () => describePass(report), { quietSuppresses: true });
    return report.errors.length > 0 ? EXIT.scheduleFailed : EXIT.ok;
  } finally {
    shutdown.dispose();
  }
}

function describePass(report: PassReport): string {
  const lines = [
    `${report.runsInserted} run(s) inserted for ${report.deploymentsScanned} deployment(s) in ${(report.durationMs / 1000).toFixed(2)} s` +
      (report.runsCaughtUp > 0 || report.slotsMissed > 0
        ? `; ${report.runsCaughtUp} of them caught up missed slots, ${report.slotsMissed} missed slot(s) left without a run`
        : '') +
      (report.interrupted ? ' (stopped early by a signal)' : ''),
  ];
  for (const failure of report.errors)
    lines.push(`  failed: ${failure.deployment} schedule ${failure.schedule}: ${failure.message}`);
  return lines.join('\n');
}
