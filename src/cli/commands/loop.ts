import { EXIT } from '../../errors.js';
import { runLoop } from '../../pass/runLoop.js';
import type { CliContext } from '../context.js';
import { installShutdown } from '../signals.js';

export async function loopCommand(ctx: CliContext, options: { maxIterations?: number }): Promise<number> {
  const { maxIterations } = options;
  const shutdown = installShutdown(ctx.logger);
  try {
    ctx.logger.info('loop started', { loopSeconds: ctx.resolved.settings.loopSeconds, maxIterations });
    const report = await runLoop({
      connect: ctx.connectSql,
      store: await ctx.passStore(),
      clock: ctx.clock,
      settings: ctx.resolved.settings,
      logger: ctx.logger,
      signal: shutdown.signal,
      maxIterations,
    });
    ctx.output.result(report, () => `${report.iterations} pass(es), ${report.runsInserted} run(s) inserted`, {
      quietSuppresses: true,
    });
    return report.passesWithErrors > 0 ? EXIT.scheduleFailed : EXIT.ok;
  } finally {
    shutdown.dispose();
  }
}
