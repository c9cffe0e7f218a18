import { EXIT } from '../../errors.js';
import { explainDeployment, type ExplainDocument, type ExplainedSchedule } from '../../explain/explain.js';
import { schedulerExplainStore } from '../../explain/explainStore.js';
import type { CliContext } from '../context.js';
import { localTime, utcTime } from '../timeFormat.js';

export async function explainCommand(
  ctx: CliContext,
  name: string,
  options: { at?: string; schedule?: string },
): Promise<number> {
  const now = ctx.clock.now();
  const { settings } = ctx.resolved;
  const request = { deployment: name, at: options.at, scheduleKey: options.schedule, now, settings };
  const document = await ctx.byDataModel({
    prefect: async (db) =>
      explainDeployment(
        (await import('../../prefect/prefectScheduleRuns.js')).prefectExplainStore(db, settings.lateAfter),
        request,
      ),
    scheduler: (db) => explainDeployment(schedulerExplainStore(db), request),
  });
  ctx.output.result(document, () => describeExplain(document));
  return EXIT.ok;
}

function describeExplain(document: ExplainDocument): string {
  const lines = [`${document.deployment}${document.paused ? ' (paused)' : ''}`];
  for (const schedule of document.schedules) {
    lines.push(...describeSchedule(schedule, document.at, document.historyNotKept));
  }
  return lines.join('\n');
}

function both(iso: string, timezone: string): string {
  const at = new Date(iso);
  return `${localTime(at, timezone)} (${utcTime(at)})`;
}

function describeSchedule(s: ExplainedSchedule, at: string | null, notKept: string | null): string[] {
  const when = (iso: string | null) => (iso === null ? '-' : both(iso, s.timezone));
  const lines = [
    `  schedule ${s.key}: ${s.description}`,
    `    ${s.active ? 'active' : 'inactive'}${notKept ? '; schedule last updated' : ' since'} ${when(s.activeSince)}`,
  ];
  if (at === null) {
    lines.push(
      `    next fire times: ${s.nextRuns.map((iso) => both(iso, s.timezone)).join(', ') || 'none'}`,
      `    holds ${s.heldRuns} future run(s)${s.runwayUntil ? ` until ${when(s.runwayUntil)}` : ''}; top-up due ${when(s.topUpAt)}`,
      `    late runs: ${s.lateRuns}`,
      `    last pass that scheduled it: ${s.lastPass ? `${when(s.lastPass.at)}${s.lastPass.outcome ? `, ${s.lastPass.kind} by ${s.lastPass.instance}: ${s.lastPass.outcome}` : ` (${notKept ?? 'not in the pass history'})`}` : 'none'}`,
      `    last error: ${s.lastError ? `${when(s.lastError.at)}: ${s.lastError.message}` : (notKept ?? 'none')}`,
    );
    return lines;
  }
  const { message, unsupported, run, states, ...facts } = s.evidence as Record<string, unknown>;
  lines.push(`    at ${at}: ${s.verdict ?? 'no verdict'}${unsupported ? ` (${unsupported})` : ''}`);
  if (typeof message === 'string') lines.push(`      ${message}`);
  for (const [key, value] of Object.entries(facts)) {
    if (value === null || value === undefined) continue;
    lines.push(`      ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  const runFacts = (run ?? null) as { runName?: string; states?: unknown } | null;
  if (runFacts !== null) lines.push(`      run: ${JSON.stringify({ ...runFacts, states: undefined })}`);
  const history = (states ?? runFacts?.states) as Array<{ type: string; name: string; timestamp: string }> | undefined;
  for (const state of history ?? []) lines.push(`      state ${state.timestamp} ${state.type} ${state.name}`);
  return lines;
}
