import { EXIT } from '../../errors.js';
import { DEFAULT_BACKFILL_LIMIT, type BackfillReport } from '../../pass/backfill.js';
import type { CliContext } from '../context.js';
import { renderTable } from '../table.js';
import { isoInZone, localTime, utcTime } from '../timeFormat.js';

export interface BackfillOptions {
  from: string;
  to: string;
  schedule: string[];
  dryRun?: boolean;
  limit?: number;
}

export async function backfillCommand(ctx: CliContext, name: string, options: BackfillOptions): Promise<number> {
  const limit = options.limit ?? DEFAULT_BACKFILL_LIMIT;
  const { backfillDeployment } = await import('../../pass/backfill.js');
  const report = await ctx.withDataModel((model) =>
    backfillDeployment(model, {
      deployment: name,
      from: options.from,
      to: options.to,
      scheduleKeys: options.schedule,
      dryRun: Boolean(options.dryRun),
      limit,
      clock: ctx.clock,
      insertBatchSize: ctx.resolved.settings.insertBatchSize,
      passHistory: ctx.resolved.settings.passHistory,
      logger: ctx.logger,
    }),
  );
  const document = {
    deployment: report.deployment,
    inserted: report.inserted,
    existing: report.existing,
    dryRun: report.dryRun,
    runs: report.runs.map((run) => ({
      scheduleKey: run.scheduleKey,
      scheduledTime: isoInZone(run.scheduledTime, run.timezone, run.micro),
      status: run.status,
    })),
  };
  ctx.output.result(document, () => describeBackfill(ctx, report), { quietSuppresses: !report.dryRun });
  return EXIT.ok;
}

function describeBackfill(ctx: CliContext, report: BackfillReport): string {
  const c = ctx.output.out;
  const summary =
    `${report.deployment}: ${report.dryRun ? `${report.runs.length - report.existing} run(s) to insert` : `${report.inserted} run(s) inserted`}, ` +
    `${report.existing} slot(s) already had a run${report.dryRun ? ' (dry run: nothing was written)' : ''}`;
  if (report.runs.length === 0) return `${report.deployment}: no fire time in the window`;
  const rows = report.runs.map((run) => [
    run.scheduleKey,
    localTime(run.scheduledTime, run.timezone),
    utcTime(run.scheduledTime),
    run.status === 'new' ? c.green('new') : c.dim('exists'),
  ]);
  const table = renderTable(['schedule', 'local time', 'UTC', 'status'], rows, c, {
    maxWidth: ctx.output.width,
    shrinkColumn: 0,
  });
  return `${table}\n${summary}`;
}
