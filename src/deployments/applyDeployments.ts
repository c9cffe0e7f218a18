import type { Database } from '../db/openDatabase.js';
import { prismaOf, type PrismaTx } from '../db/prisma.js';
import type { KeyedDeploymentSpec, KeyedScheduleSpec } from './resolveSpecs.js';
import { uuidv7 } from '../ids.js';
import { diffDeployment } from './diffDeployment.js';
import { deleteDeployments } from './deploymentStore.js';
import { deleteFutureScheduledRuns, type DeletedRun } from '../runs/runStore.js';
import { countByDeployment, recordChanges, type ChangeToRecord, type ScheduleSnapshot } from './changeStore.js';

export interface DeploymentChange {
  deployment: string;
  /** Deployment fields whose value changed. */
  fields: string[];
  schedulesAdded: string[];
  schedulesChanged: string[];
  schedulesRemoved: string[];
  runsDeleted: number;
}

export interface ApplyReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Deployments deleted by --prune. */
  removed: string[];
  changes: DeploymentChange[];
  runsDeleted: number;
  /** The future Scheduled runs deleted (or, in a dry run, that would be). */
  deletedRuns: DeletedRun[];
  /** Ids of the deployments created or updated: those to schedule right after the commit. */
  changedIds: string[];
  dryRun: boolean;
}

class DryRunRollback extends Error {
  constructor(readonly report: ApplyReport) {
    super('dry run');
  }
}

/**
 * Upserts deployments by `flow/name` in one transaction (SPEC section 3). A changed,
 * deactivated or removed schedule, a pause, or a change to what runs carry (parameters,
 * tags, work queue) deletes the deployment's future auto-scheduled runs still in
 * Scheduled, so they are planned again from the new definition (by scheduleDeployments
 * right after the commit, README "Changes take effect at once"); an unchanged deployment
 * deletes nothing, and a change of catch-up policy alone keeps the runs. A dry run does
 * all of it and rolls back, so its report is exact.
 */
export async function applyDeployments(
  db: Database,
  specs: KeyedDeploymentSpec[],
  options: { now: Date; prune?: boolean; dryRun?: boolean },
): Promise<ApplyReport> {
  try {
    return await prismaOf(db).$transaction(
      async (tx) => {
        const report: ApplyReport = {
          created: [],
          updated: [],
          unchanged: [],
          removed: [],
          changes: [],
          runsDeleted: 0,
          deletedRuns: [],
          changedIds: [],
          dryRun: Boolean(options.dryRun),
        };
        const keep = new Set<string>();
        const records: ChangeToRecord[] = [];
        for (const spec of specs) {
          const id = await applyOne(tx, spec, options.now, report, records);
          keep.add(id);
        }
        if (options.prune) {
          const stale = await tx.deployment.findMany({ where: { id: { notIn: [...keep] } }, include: { flow: true } });
          const deleted = await deleteDeployments(
            tx,
            stale.map((d) => d.id),
            options.now,
          );
          report.deletedRuns.push(...deleted);
          report.removed.push(...stale.map((d) => `${d.flow.name}/${d.name}`));
          const deletedBy = countByDeployment(deleted);
          for (const d of stale) {
            records.push({
              deploymentId: d.id,
              deploymentName: `${d.flow.name}/${d.name}`,
              action: 'apply',
              details: { removed: true },
              runsDeleted: deletedBy.get(d.id) ?? 0,
            });
          }
        }
        await recordChanges(tx, records, options.now);
        report.runsDeleted = report.deletedRuns.length;
        if (options.dryRun) throw new DryRunRollback(report);
        return report;
      },
      { maxWait: 30_000, timeout: 120_000 },
    );
  } catch (error) {
    if (error instanceof DryRunRollback) return error.report;
    throw error;
  }
}

async function applyOne(
  tx: PrismaTx,
  spec: KeyedDeploymentSpec,
  now: Date,
  report: ApplyReport,
  records: ChangeToRecord[],
): Promise<string> {
  const name = `${spec.flowName}/${spec.name}`;
  const flow = await tx.flow.upsert({
    where: { name: spec.flowName },
    create: { id: uuidv7(now.getTime()), name: spec.flowName, created: now, updated: now },
    update: {},
  });
  const existing = await tx.deployment.findUnique({
    where: { flowId_name: { flowId: flow.id, name: spec.name } },
    include: { schedules: true },
  });
  const fields = {
    description: spec.description,
    tags: spec.tags,
    parameters: spec.parameters as object,
    workQueueName: spec.workQueueName,
    paused: spec.paused,
  };
  if (!existing) {
    const id = uuidv7(now.getTime());
    await tx.deployment.create({
      data: {
        id,
        flowId: flow.id,
        name: spec.name,
        ...fields,
        created: now,
        updated: now,
        schedules: { create: spec.schedules.map((s) => scheduleRow(s, now)) },
      },
    });
    report.created.push(name);
    records.push({
      deploymentId: id,
      deploymentName: name,
      action: 'apply',
      details: { created: true, paused: spec.paused, schedulesAdded: spec.schedules.map(specSnapshot) },
      runsDeleted: 0,
    });
    report.changedIds.push(id);
    return id;
  }
  const diff = diffDeployment(existing, spec);
  if (diff.unchanged) {
    report.unchanged.push(name);
    return existing.id;
  }
  const deleted = await deleteFutureScheduledRuns(
    tx,
    diff.runsAreStale
      ? { deploymentIds: [existing.id] }
      : {
          scheduleIds: [...diff.removed, ...diff.changed.filter((c) => c.runsAreStale).map((c) => c.stored)].map(
            (s) => s.id,
          ),
        },
    now,
  );
  report.deletedRuns.push(...deleted);
  await tx.deployment.update({ where: { id: existing.id }, data: { ...fields, updated: now } });
  if (diff.removed.length > 0) {
    await tx.deploymentSchedule.deleteMany({ where: { id: { in: diff.removed.map((s) => s.id) } } });
  }
  for (const { spec: s, stored, activeAnew } of diff.changed) {
    const { id: _id, created: _created, activeSince, ...data } = scheduleRow(s, now);
    await tx.deploymentSchedule.update({
      where: { id: stored.id },
      data: activeAnew ? { ...data, activeSince } : data,
    });
  }
  // Time spent paused is never caught up.
  if (diff.resumed) {
    await tx.deploymentSchedule.updateMany({ where: { deploymentId: existing.id }, data: { activeSince: now } });
  }
  if (diff.added.length > 0) {
    await tx.deploymentSchedule.createMany({
      data: diff.added.map((s) => ({ ...scheduleRow(s, now), deploymentId: existing.id })),
    });
  }
  report.updated.push(name);
  report.changedIds.push(existing.id);
  report.changes.push({
    deployment: name,
    fields: diff.changedFields,
    schedulesAdded: diff.added.map((s) => s.key),
    schedulesChanged: diff.changed.map((c) => c.spec.key),
    schedulesRemoved: diff.removed.map((s) => s.key),
    runsDeleted: deleted.length,
  });
  records.push({
    deploymentId: existing.id,
    deploymentName: name,
    action: 'apply',
    details: {
      fields: diff.changedFields,
      ...(diff.changedFields.includes('paused') ? { paused: spec.paused } : {}),
      schedulesAdded: diff.added.map(specSnapshot),
      schedulesChanged: diff.changed.map((c) => ({
        key: c.spec.key,
        before: storedSnapshot(c.stored),
        after: specSnapshot(c.spec),
      })),
      schedulesRemoved: diff.removed.map(storedSnapshot),
    },
    runsDeleted: deleted.length,
  });
  return existing.id;
}

function specSnapshot(s: KeyedScheduleSpec): ScheduleSnapshot {
  return { key: s.key, definition: s.canonical, active: s.active };
}

function storedSnapshot(s: { key: string; schedule: unknown; active: boolean }): ScheduleSnapshot {
  return { key: s.key, definition: s.schedule, active: s.active };
}

function scheduleRow(s: KeyedScheduleSpec, now: Date) {
  return {
    id: uuidv7(now.getTime()),
    key: s.key,
    schedule: s.canonical as object,
    active: s.active,
    maxScheduledRuns: s.maxScheduledRuns,
    parameters: s.parameters as object,
    slug: s.slug,
    catchup: s.catchup,
    activeSince: now,
    created: now,
    updated: now,
  };
}
