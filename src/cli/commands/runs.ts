import { EXIT } from '../../errors.js';
import { findDeployment } from '../../deployments/deploymentStore.js';
import { listRuns } from '../../runs/runStore.js';
import { parseInstant } from '../../schedule/index.js';
import type { CliContext } from '../context.js';
import { renderTable } from '../table.js';
import { isoInZone, localTime, utcTime } from '../timeFormat.js';

export async function runsListCommand(
  ctx: CliContext,
  options: {
    deployment?: string;
    state?: string;
    stateName?: string;
    after?: string;
    before?: string;
    limit?: number;
  },
): Promise<number> {
  const limit = options.limit ?? 50;
  const after = options.after === undefined ? undefined : parseInstant(options.after, 'UTC', 'after');
  const before = options.before === undefined ? undefined : parseInstant(options.before, 'UTC', 'before');
  const stateType = options.state?.toUpperCase();
  const runs = await ctx.byDataModel({
    prefect: async (db) =>
      (await import('../../prefect/prefectRunStore.js')).listPrefectRuns(db, {
        deployment: options.deployment,
        stateType,
        stateName: options.stateName,
        after,
        before,
        limit,
      }),
    scheduler: async (db) => {
      const deploymentId =
        options.deployment === undefined ? undefined : (await findDeployment(db, options.deployment)).id;
      return listRuns(db, { deploymentId, stateType, stateName: options.stateName, after, before, limit });
    },
  });
  const document = {
    runs: runs.map((r) => ({
      id: r.id,
      name: r.name,
      deployment: r.deployment,
      schedule: r.scheduleKey,
      state: r.stateType,
      stateName: r.stateName,
      scheduledTime: isoInZone(r.expectedStartTime, r.timezone ?? 'UTC', r.micro),
      idempotencyKey: r.idempotencyKey,
      parameters: r.parameters,
      tags: r.tags,
      workQueueName: r.workQueueName,
    })),
  };
  ctx.output.result(document, () => {
    if (runs.length === 0) return 'no flow runs match';
    const rows = runs.map((r) => [
      r.name,
      r.deployment ?? '-',
      r.stateType,
      r.stateName,
      localTime(r.expectedStartTime, r.timezone ?? 'UTC'),
      utcTime(r.expectedStartTime),
    ]);
    return renderTable(['run', 'deployment', 'state', 'state name', 'scheduled (local)', 'UTC'], rows, ctx.output.out, {
      maxWidth: ctx.output.width,
      shrinkColumn: 1,
    });
  });
  return EXIT.ok;
}
