import { EXIT, UsageError } from '../../errors.js';
import { readDuration } from '../../durations.js';
import { readStatus, type StatusDocument } from '../../status/status.js';
import { schedulerStatusStore } from '../../status/statusStore.js';
import type { CliContext } from '../context.js';
import { renderTable } from '../table.js';

export async function statusCommand(ctx: CliContext, options: { maxAge?: string }): Promise<number> {
  const { settings } = ctx.resolved;
  let maxAge = 3 * settings.loopSeconds;
  if (options.maxAge !== undefined) {
    const reading = readDuration(options.maxAge, 'positive');
    if ('problem' in reading) throw new UsageError(`--max-age ${reading.problem}`);
    maxAge = reading.seconds;
  }
  const now = ctx.clock.now();
  const request = { now, maxAge, maxScheduledTime: settings.maxScheduledTime };
  const document = await ctx.byDataModel({
    prefect: async (db) =>
      readStatus(
        (await import('../../prefect/prefectScheduleRuns.js')).prefectStatusStore(db, settings.lateAfter),
        request,
      ),
    scheduler: (db) => readStatus(schedulerStatusStore(db), request),
  });
  if (ctx.output.quiet && !ctx.output.json) {
    for (const problem of document.problems) ctx.output.stderrLine(problem);
  } else {
    ctx.output.result(document, () => describeStatus(document, ctx));
  }
  return document.healthy ? EXIT.ok : EXIT.runtime;
}

function describeStatus(document: StatusDocument, ctx: CliContext): string {
  const lines = ['last passes:'];
  const notKept = document.historyNotKept && `not kept (${document.historyNotKept})`;
  if (document.lastPasses === null) lines.push(`  ${notKept}`);
  else if (document.lastPasses.length === 0) lines.push('  none recorded');
  else {
    const rows = document.lastPasses.map((p) => [
      p.started,
      p.instance,
      p.kind,
      p.outcome,
      String(p.runsInserted),
      String(p.runsMarkedLate),
      String(p.errors),
    ]);
    const table = renderTable(
      ['started', 'instance', 'kind', 'outcome', 'inserted', 'late', 'errors'],
      rows,
      ctx.output.out,
      {
        maxWidth: ctx.output.width,
      },
    );
    lines.push(...table.split('\n').map((line) => `  ${line}`));
  }
  lines.push(
    `instances seen recently: ${document.instances === null ? notKept : document.instances.map((i) => `${i.instance} last ${i.lastFinished}`).join('; ') || 'none'}`,
  );
  const runway = document.shortestRunway;
  lines.push(
    `shortest runway: ${runway ? `${runway.deployment} schedule ${runway.schedule} until ${runway.runwayUntil} (${runway.seconds} s)` : 'none'}`,
  );
  lines.push(
    `late runs: ${document.lateRuns.count}${document.lateRuns.oldest ? ` (oldest scheduled ${document.lateRuns.oldest})` : ''}`,
  );
  const errors = document.scheduleErrors;
  lines.push(`schedules with errors: ${errors === null ? notKept : errors.length === 0 ? 'none' : ''}`);
  for (const e of errors ?? []) lines.push(`  ${e.deployment ?? '(pass)'} ${e.schedule ?? ''}: ${e.message}`);
  lines.push(document.healthy ? 'healthy' : 'problems:');
  for (const problem of document.problems) lines.push(`  ${problem}`);
  return lines.join('\n');
}
