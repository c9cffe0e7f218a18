import { EXIT } from '../../errors.js';
import { runLoop } from '../../pass/runLoop.js';
import type { CliContext } from '../context.js';
import { installShutdown } from '../signals.js';

export async function loopCommand(ctx: CliContext, options: { maxIterations?: number }): Promise<number> {
  const { maxIterations } = options;
  const { settings } = ctx.resolved;
  const store = await ctx.passStore();
  // prom-client and the server are loaded only when asked for: a loop without a port starts as fast as before.
  const telemetry =
    settings.healthPort === null
      ? undefined
      : await (await import('../../daemon/loopTelemetry.js')).startLoopTelemetry({
          host: settings.healthHost,
          port: settings.healthPort,
          loopSeconds: settings.loopSeconds,
          lateAfter: settings.lateAfter,
          runHealth: store.runHealth,
          databaseUrl: settings.databaseUrl,
          dataModel: settings.dataModel,
          clock: ctx.clock,
          logger: ctx.logger,
          redact: (text) => ctx.output.redact(text),
        });
  const shutdown = installShutdown(ctx.logger);
  try {
    ctx.logger.info('loop started', { loopSeconds: settings.loopSeconds, maxIterations });
    const report = await runLoop({
      connect: ctx.connectSql,
      store,
      clock: ctx.clock,
      settings,
      logger: ctx.logger,
      signal: shutdown.signal,
      maxIterations,
      onPass: telemetry && ((pass, _iteration, db) => telemetry.onPass(pass, db)),
      onRecentCheck: telemetry && ((pass) => telemetry.onRecentCheck(pass)),
      onFailedAttempt: telemetry && (() => telemetry.onFailedAttempt()),
    });
    ctx.output.result(report, () => `${report.iterations} pass(es), ${report.runsInserted} run(s) inserted`, {
      quietSuppresses: true,
    });
    return report.passesWithErrors > 0 ? EXIT.scheduleFailed : EXIT.ok;
  } finally {
    shutdown.dispose();
    await telemetry?.close();
  }
}
