import { EXIT, UsageError } from '../../errors.js';
import type { Database } from '../../db/openDatabase.js';
import { applyDeployments, type ApplyReport } from '../../deployments/applyDeployments.js';
import type { PassReport } from '../../pass/passReport.js';
import { planDeploymentsFile } from '../../preview/preview.js';
import {
  countRunsBySchedule,
  findDeployment,
  listDeployments,
  nextRunTimes,
  removeDeployment,
  setPaused,
  type StoredDeployment,
} from '../../deployments/deploymentStore.js';
import { describeSchedule, parseSchedule, timezoneOf } from '../../schedule/index.js';
import type { CliContext } from '../context.js';
import { readDeploymentsFile } from '../deploymentsFile.js';
import { renderTable } from '../table.js';
import { isoInZone, localTime } from '../timeFormat.js';

/** On Prefect's data model the server owns deployments: the tool schedules them and changes nothing else. */
function refuseOnPrefectModel(ctx: CliContext, verb: string): void {
  if (ctx.resolved.settings.dataModel !== 'prefect') return;
  throw new UsageError(
    `deployments ${verb}: with --data-model prefect, Prefect's server owns the deployments; change them with \`prefect deploy\` or Prefect's API (\`prefect deployment pause|resume|delete\`, /api/deployments)`,
    'E_PREFECT_OWNS_DEPLOYMENTS',
  );
}

export async function applyCommand(
  ctx: CliContext,
  options: { file: string; prune?: boolean; dryRun?: boolean; schedule: boolean },
): Promise<number> {
  refuseOnPrefectModel(ctx, 'apply');
  const specs = await readDeploymentsFile(ctx, options.file);
  const now = ctx.clock.now();
  const { report, scheduled } = await ctx.withDatabase(async (db) => {
    if (options.dryRun) {
      // What applying would insert: the plan `preview -f` shows, for the deployments it changes.
      const { report, runs } = await planDeploymentsFile(
        db,
        specs,
        { start: now },
        ctx.resolved.settings,
        now,
        options.prune,
      );
      const changed = new Set([...report.created, ...report.updated]);
      const inserted = options.schedule
        ? runs.filter((run) => run.status === 'new' && changed.has(run.deployment!)).length
        : 0;
      return { report, scheduled: { runsInserted: inserted, runsCaughtUp: 0, errors: [] } };
    }
    const report = await applyDeployments(db, specs, { now, prune: options.prune });
    return { report, scheduled: await scheduleChanged(ctx, db, 'apply', report.changedIds, now, options.schedule) };
  });
  const { deletedRuns: _deleted, changedIds: _ids, ...document } = report;
  ctx.output.result(
    { ...document, runsInserted: scheduled.runsInserted, runsCaughtUp: scheduled.runsCaughtUp },
    () => describeApply(report, scheduled.runsInserted),
    { quietSuppresses: !options.dryRun },
  );
  return scheduled.errors.length > 0 ? EXIT.scheduleFailed : EXIT.ok;
}

/**
 * Schedules the deployments a command just created, changed or resumed, from the same
 * `now` (README "Changes take effect at once"); --no-schedule leaves them to the next pass.
 */
async function scheduleChanged(
  ctx: CliContext,
  db: Database,
  kind: 'apply' | 'resume',
  deploymentIds: string[],
  now: Date,
  enabled: boolean,
): Promise<Pick<PassReport, 'runsInserted' | 'runsCaughtUp' | 'errors'>> {
  if (!enabled) return { runsInserted: 0, runsCaughtUp: 0, errors: [] };
  const { scheduleDeployments } = await import('../../pass/runOnce.js');
  return scheduleDeployments({
    db,
    clock: ctx.clock,
    settings: ctx.resolved.settings,
    logger: ctx.logger,
    kind,
    deploymentIds,
    now,
  });
}

function describeApply(report: ApplyReport, runsInserted: number): string {
  const lines: string[] = [];
  for (const name of report.created) lines.push(`created    ${name}`);
  for (const change of report.changes) {
    const parts = [
      ...change.fields.map((f) => `${f} changed`),
      ...change.schedulesAdded.map((k) => `schedule ${k} added`),
      ...change.schedulesChanged.map((k) => `schedule ${k} changed`),
      ...change.schedulesRemoved.map((k) => `schedule ${k} removed`),
    ];
    lines.push(
      `updated    ${change.deployment}: ${parts.join(', ')}${change.runsDeleted > 0 ? `; ${change.runsDeleted} future run(s) deleted` : ''}`,
    );
  }
  for (const name of report.unchanged) lines.push(`unchanged  ${name}`);
  for (const name of report.removed) lines.push(`removed    ${name}`);
  lines.push(
    `${report.created.length} created, ${report.updated.length} updated, ${report.unchanged.length} unchanged` +
      `${report.removed.length > 0 ? `, ${report.removed.length} removed` : ''}; ${report.runsDeleted} future run(s) deleted` +
      `, ${runsInserted} run(s) ${report.dryRun ? 'to insert' : 'inserted'}` +
      (report.dryRun ? ' (dry run: nothing was written)' : ''),
  );
  return lines.join('\n');
}

function describeStoredSchedule(definition: Record<string, unknown>): string {
  try {
    return describeSchedule(parseSchedule(definition));
  } catch (error) {
    return `invalid: ${(error as Error).message}`;
  }
}

function scheduleDocument(d: StoredDeployment) {
  return d.schedules.map((s) => ({
    key: s.key,
    definition: s.definition,
    active: s.active,
    description: describeStoredSchedule(s.definition),
    slug: s.slug,
    parameters: s.parameters,
    maxScheduledRuns: s.maxScheduledRuns,
    catchup: s.catchup,
    activeSince: s.activeSince.toISOString(),
  }));
}

export async function listCommand(ctx: CliContext): Promise<number> {
  const now = ctx.clock.now();
  const { deployments, next } = await ctx.byDataModel({
    prefect: async (db) => {
      const store = await import('../../prefect/prefectDeploymentStore.js');
      const all = await store.listPrefectDeployments(db);
      return {
        deployments: all,
        next: await store.prefectNextRunTimes(
          db,
          all.map((d) => d.id),
          now,
        ),
      };
    },
    scheduler: async (db) => {
      const all = await listDeployments(db);
      return {
        deployments: all,
        next: await nextRunTimes(
          db,
          all.map((d) => d.id),
          now,
        ),
      };
    },
  });
  const document = {
    deployments: deployments.map((d) => ({
      id: d.id,
      name: d.name,
      paused: d.paused,
      schedules: scheduleDocument(d),
      nextRun: next.get(d.id)?.toISOString() ?? null,
    })),
  };
  ctx.output.result(document, () => {
    if (deployments.length === 0) {
      return ctx.resolved.settings.dataModel === 'prefect'
        ? 'no deployments; Prefect creates them (`prefect deploy`)'
        : 'no deployments; add some with `scheduler deployments apply -f FILE`';
    }
    const rows = deployments.map((d) => {
      const active = d.schedules.filter((s) => s.active);
      const words =
        active.length === 0
          ? '(no active schedule)'
          : active.map((s) => describeStoredSchedule(s.definition)).join('; ');
      const nextRun = next.get(d.id);
      const timezone = timezoneOf(active[0]?.definition) ?? 'UTC';
      return [
        d.name,
        words,
        d.paused ? ctx.output.out.yellow('paused') : 'active',
        nextRun ? localTime(nextRun, timezone) : '-',
      ];
    });
    return renderTable(['deployment', 'schedules', 'state', 'next run'], rows, ctx.output.out, {
      maxWidth: ctx.output.width,
      shrinkColumn: 1,
    });
  });
  return EXIT.ok;
}

export async function inspectCommand(ctx: CliContext, name: string): Promise<number> {
  const now = ctx.clock.now();
  const { deployment, counts, next } = await ctx.byDataModel({
    prefect: async (db) => {
      const store = await import('../../prefect/prefectDeploymentStore.js');
      const found = await store.findPrefectDeployment(db, name);
      return {
        deployment: found,
        counts: await store.countPrefectRunsBySchedule(db, found.id, now),
        next: (await store.prefectNextRunTimes(db, [found.id], now)).get(found.id),
      };
    },
    scheduler: async (db) => {
      const found = await findDeployment(db, name);
      return {
        deployment: found,
        counts: await countRunsBySchedule(db, found.id, now),
        next: (await nextRunTimes(db, [found.id], now)).get(found.id),
      };
    },
  });
  const schedules = scheduleDocument(deployment).map((s, i) => ({
    ...s,
    futureScheduledRuns: counts.futureScheduled.find((c) => c.scheduleId === deployment.schedules[i]!.id)?.count ?? 0,
    runsByState: Object.fromEntries(
      counts.byState.filter((c) => c.scheduleId === deployment.schedules[i]!.id).map((c) => [c.stateType, c.count]),
    ),
  }));
  const document = {
    ...deployment,
    created: deployment.created.toISOString(),
    updated: deployment.updated.toISOString(),
    schedules,
    nextRun: next?.toISOString() ?? null,
  };
  ctx.output.result(document, () => {
    const lines = [
      `${ctx.output.out.bold(deployment.name)}  (${deployment.id})`,
      `  description:  ${deployment.description ?? '-'}`,
      `  state:        ${deployment.paused ? 'paused' : 'active'}`,
      `  tags:         ${deployment.tags.join(', ') || '-'}`,
      `  work queue:   ${deployment.workQueueName ?? '-'}`,
      `  parameters:   ${JSON.stringify(deployment.parameters)}`,
      `  next run:     ${next ? isoInZone(next, timezoneOf(deployment.schedules.find((s) => s.active)?.definition) ?? 'UTC') : '-'}`,
      '  schedules:',
    ];
    for (const s of schedules) {
      lines.push(`    ${s.key}${s.active ? '' : ' (inactive)'}: ${s.description}`);
      lines.push(`      definition: ${JSON.stringify(s.definition)}`);
      if (Object.keys(s.parameters).length > 0) lines.push(`      parameters: ${JSON.stringify(s.parameters)}`);
      if (s.maxScheduledRuns !== null) lines.push(`      max scheduled runs: ${s.maxScheduledRuns}`);
      lines.push(`      catch-up: ${s.catchup ?? `${ctx.resolved.settings.catchup} (the catchup setting)`}`);
      lines.push(`      active since: ${isoInZone(new Date(s.activeSince), timezoneOf(s.definition) ?? 'UTC')}`);
      lines.push(`      future scheduled runs: ${s.futureScheduledRuns}; by state: ${JSON.stringify(s.runsByState)}`);
    }
    return lines.join('\n');
  });
  return EXIT.ok;
}

async function targets(
  db: Database,
  name: string | undefined,
  all: boolean | undefined,
  verb: string,
): Promise<StoredDeployment[]> {
  if (all && name !== undefined) throw new UsageError(`deployments ${verb}: give a NAME or --all, not both`);
  if (all) return listDeployments(db);
  if (name === undefined)
    throw new UsageError(`deployments ${verb}: give a NAME (FLOW/DEPLOYMENT or id prefix) or --all`);
  return [await findDeployment(db, name)];
}

function pauseOrResume(paused: boolean) {
  const verb = paused ? 'pause' : 'resume';
  return async (
    ctx: CliContext,
    name: string | undefined,
    options: { all?: boolean; schedule?: boolean },
  ): Promise<number> => {
    refuseOnPrefectModel(ctx, verb);
    const now = ctx.clock.now();
    const result = await ctx.withDatabase(async (db) => {
      const found = await targets(db, name, options.all, verb);
      const { changedIds, deletedRuns } = await setPaused(
        db,
        found.map((d) => d.id),
        paused,
        now,
      );
      const scheduled = await scheduleChanged(
        ctx,
        db,
        'resume',
        changedIds,
        now,
        !paused && options.schedule !== false,
      );
      return { names: found.map((d) => d.name), changed: changedIds.length, deletedRuns, scheduled };
    });
    const document = {
      deployments: result.names,
      changed: result.changed,
      runsDeleted: result.deletedRuns.length,
      ...(paused ? {} : { runsInserted: result.scheduled.runsInserted }),
    };
    ctx.output.result(
      document,
      () =>
        `${paused ? 'paused' : 'resumed'} ${result.changed} deployment(s)` +
        (result.deletedRuns.length > 0 ? `; ${result.deletedRuns.length} future run(s) deleted` : '') +
        (paused ? '' : `; ${result.scheduled.runsInserted} run(s) inserted`),
      { quietSuppresses: true },
    );
    return result.scheduled.errors.length > 0 ? EXIT.scheduleFailed : EXIT.ok;
  };
}

export const pauseCommand = pauseOrResume(true);
export const resumeCommand = pauseOrResume(false);

export async function removeCommand(ctx: CliContext, name: string): Promise<number> {
  refuseOnPrefectModel(ctx, 'rm');
  const now = ctx.clock.now();
  const { deployment, deletedRuns } = await ctx.withDatabase(async (db) => {
    const found = await findDeployment(db, name);
    return { deployment: found, ...(await removeDeployment(db, found, now)) };
  });
  ctx.output.result(
    { removed: deployment.name, id: deployment.id, runsDeleted: deletedRuns.length },
    () => `removed ${deployment.name}; ${deletedRuns.length} future run(s) deleted`,
    { quietSuppresses: true },
  );
  return EXIT.ok;
}
