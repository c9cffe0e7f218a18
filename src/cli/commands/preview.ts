import { EXIT, UsageError } from '../../errors.js';
import { parseSchedule, parseInstant } from '../../schedule/index.js';
import { previewSchedule, type PreviewRun, type PreviewWindow } from '../../preview/previewSchedule.js';
import type { CliContext } from '../context.js';
import { readDeploymentsFile } from '../deploymentsFile.js';
import { renderTable } from '../table.js';
import { isoInZone, localTime, utcTime } from '../timeFormat.js';

export interface PreviewOptions {
  deployment: string[];
  file?: string;
  cron?: string;
  interval?: string;
  rrule?: string;
  timezone?: string;
  anchorDate?: string;
  dayOr?: boolean;
  start?: string;
  end?: string;
  count?: number;
}

export async function previewCommand(ctx: CliContext, options: PreviewOptions): Promise<number> {
  const inline = inlineDefinition(options);
  const timezone = inline ? ((inline.timezone as string | undefined) ?? null) : null;
  const window: PreviewWindow = {
    start: options.start === undefined ? ctx.clock.now() : parseInstant(options.start, timezone, 'start'),
    end: options.end === undefined ? undefined : parseInstant(options.end, timezone, 'end'),
    count: options.count,
  };
  const runs = inline ? previewSchedule(parseSchedule(inline), window) : await previewStored(ctx, options, window);
  ctx.output.result(
    {
      runs: runs.map(({ micro, ...run }) => ({
        ...run,
        scheduledTime: isoInZone(run.scheduledTime, run.timezone, micro),
      })),
    },
    () => renderPreview(ctx, runs, inline !== null),
  );
  return EXIT.ok;
}

/** Preview of deployments in the database, or of a deployments file as a plan against it. */
async function previewStored(ctx: CliContext, options: PreviewOptions, window: PreviewWindow): Promise<PreviewRun[]> {
  const limits = ctx.resolved.settings;
  // The stores load only here: an inline schedule's preview needs none of them.
  const { previewDeploymentsFile, previewStoredDeployments } = await import('../../preview/preview.js');
  if (options.file === undefined) {
    return ctx.withDataModel((model) => previewStoredDeployments(model, options.deployment, window, limits));
  }
  if (ctx.resolved.settings.dataModel === 'prefect') {
    // A file is a plan of changes to the deployments, and there Prefect's server owns them (README "In place of Prefect's scheduler").
    throw new UsageError(
      `preview -f: with --data-model prefect, Prefect's server owns the deployments, so a file is no plan against them; preview the stored ones with --deployment NAME, or a schedule with --cron, --interval or --rrule`,
      'E_PREFECT_OWNS_DEPLOYMENTS',
    );
  }
  const specs = await readDeploymentsFile(ctx, options.file);
  return ctx.withDatabase((db) => previewDeploymentsFile(db, specs, window, limits, ctx.clock.now()));
}

function inlineDefinition(options: PreviewOptions): Record<string, unknown> | null {
  const given = (['cron', 'interval', 'rrule'] as const).filter((key) => options[key] !== undefined);
  if (given.length > 1)
    throw new UsageError(`give one of --cron, --interval or --rrule, not ${given.map((k) => `--${k}`).join(' and ')}`);
  if (given.length === 0) {
    if (options.timezone !== undefined || options.anchorDate !== undefined || options.dayOr !== undefined) {
      throw new UsageError(
        '--timezone, --anchor-date and --day-or describe an inline schedule: add --cron, --interval or --rrule',
      );
    }
    return null;
  }
  if (options.file !== undefined || options.deployment.length > 0)
    throw new UsageError('an inline schedule cannot be combined with -f or --deployment');
  const definition: Record<string, unknown> = {};
  if (options.cron !== undefined) definition.cron = options.cron;
  if (options.rrule !== undefined) definition.rrule = options.rrule;
  // Seconds or an ISO-8601 duration, read and checked by the schedule engine as any definition's interval.
  if (options.interval !== undefined) definition.interval = options.interval;
  if (options.timezone !== undefined) definition.timezone = options.timezone;
  if (options.anchorDate !== undefined) {
    if (options.interval === undefined) throw new UsageError('--anchor-date goes with --interval');
    definition.anchor_date = options.anchorDate;
  }
  if (options.dayOr !== undefined) {
    if (options.cron === undefined) throw new UsageError('--day-or/--no-day-or go with --cron');
    definition.day_or = options.dayOr;
  }
  return definition;
}

function renderPreview(ctx: CliContext, runs: PreviewRun[], inline: boolean): string {
  if (runs.length === 0) return 'no upcoming runs in the window';
  const c = ctx.output.out;
  const statusColour = { new: c.green, scheduled: c.dim, delete: c.red, 'catch-up': c.yellow } as const;
  const headers = inline ? ['#', 'local time', 'UTC', ''] : ['deployment', 'local time', 'UTC', 'status'];
  const rows = runs.map((run, i) => {
    const local = localTime(run.scheduledTime, run.timezone) + (run.shiftedByGap ? c.yellow(' *') : '');
    const last = inline ? '' : run.status ? statusColour[run.status](run.status) : '';
    return [inline ? String(i + 1) : `${run.deployment ?? '?'}`, local, utcTime(run.scheduledTime), last];
  });
  const table = renderTable(headers, rows, c, { maxWidth: ctx.output.width, shrinkColumn: 0 });
  const zone = inline ? `\ntimezone: ${runs[0]!.timezone}` : '';
  const shifted = runs.some((r) => r.shiftedByGap) ? '\n* shifted forward: the wall time falls in a DST gap' : '';
  return table + zone + shifted;
}
