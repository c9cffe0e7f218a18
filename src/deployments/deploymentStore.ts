import { NotFoundError } from '../errors.js';
import type { Database } from '../db/openDatabase.js';
import { prismaOf, type PrismaDb, type PrismaTx } from '../db/prisma.js';
import { IDS_PER_STATEMENT, jsonColumn, sql } from '../db/sql.js';
import { deleteFutureScheduledRuns, type DeletedRun } from '../runs/runStore.js';
import { countByDeployment, recordChanges } from './changeStore.js';
import { isCatchupPolicy, type CatchupPolicy } from '../pass/catchupPolicies.js';
import { schedulerPassStore, type DataModelAccess } from '../pass/passStore.js';

export interface StoredSchedule {
  id: string;
  key: string;
  definition: Record<string, unknown>;
  active: boolean;
  slug: string | null;
  parameters: Record<string, unknown>;
  maxScheduledRuns: number | null;
  created: Date;
  updated: Date;
  /** none | latest | all, or null to follow the catchup setting. */
  catchup: CatchupPolicy | null;
  /** When it became active in its current form (README "Catch-up after downtime"). */
  activeSince: Date;
}

export interface StoredDeployment {
  id: string;
  /** `flow/deployment`. */
  name: string;
  flowId: string;
  description: string | null;
  tags: string[];
  parameters: Record<string, unknown>;
  workQueueName: string | null;
  paused: boolean;
  created: Date;
  updated: Date;
  schedules: StoredSchedule[];
}

const INCLUDE = { flow: { select: { name: true } }, schedules: { orderBy: { created: 'asc' as const } } };

type Row = Awaited<ReturnType<PrismaDb['deployment']['findMany']>>[number] & {
  flow: { name: string };
  schedules: Array<{
    id: string;
    key: string;
    schedule: unknown;
    active: boolean;
    slug: string | null;
    parameters: unknown;
    maxScheduledRuns: number | null;
    created: Date;
    catchup: string | null;
    activeSince: Date | null;
    updated: Date;
  }>;
};

function toStored(row: Row): StoredDeployment {
  return {
    id: row.id,
    name: `${row.flow.name}/${row.name}`,
    flowId: row.flowId,
    description: row.description,
    tags: Array.isArray(row.tags) ? row.tags.map(String) : [],
    parameters: (row.parameters ?? {}) as Record<string, unknown>,
    workQueueName: row.workQueueName,
    paused: row.paused,
    created: row.created,
    updated: row.updated,
    schedules: row.schedules.map((s) => ({
      id: s.id,
      key: s.key,
      definition: s.schedule as Record<string, unknown>,
      active: s.active,
      slug: s.slug,
      parameters: (s.parameters ?? {}) as Record<string, unknown>,
      maxScheduledRuns: s.maxScheduledRuns,
      created: s.created,
      updated: s.updated,
      catchup: isCatchupPolicy(s.catchup) ? s.catchup : null,
      activeSince: s.activeSince ?? s.updated,
    })),
  };
}

/** Every deployment, ordered by name. */
export async function listDeployments(db: Database): Promise<StoredDeployment[]> {
  // Three reads joined here rather than `include`, which Prisma loads with one bound id per
  // deployment: past the driver's parameter limit (SQLite, ~2,000 deployments) it failed.
  const prisma = prismaOf(db);
  const [deployments, flows, schedules] = await Promise.all([
    prisma.deployment.findMany(),
    prisma.flow.findMany({ select: { id: true, name: true } }),
    prisma.deploymentSchedule.findMany({ orderBy: { created: 'asc' } }),
  ]);
  const flowNames = new Map(flows.map((flow) => [flow.id, flow.name]));
  const schedulesOf = new Map<string, Row['schedules']>();
  for (const schedule of schedules) {
    const list = schedulesOf.get(schedule.deploymentId) ?? [];
    list.push(schedule);
    schedulesOf.set(schedule.deploymentId, list);
  }
  return deployments
    .map((deployment) =>
      toStored({
        ...deployment,
        flow: { name: flowNames.get(deployment.flowId)! },
        schedules: schedulesOf.get(deployment.id) ?? [],
      }),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The tool's own data model as preview and backfill read it (README "Backfill"). */
export function schedulerModel(db: Database): DataModelAccess {
  return {
    db,
    deployments: { find: (name) => findDeployment(db, name), list: () => listDeployments(db) },
    store: schedulerPassStore,
  };
}

/**
 * Finds one deployment by `flow/deployment`, or by a prefix of its id that matches only
 * it. Unknown and ambiguous names are usage errors (exit 2) that say what would work.
 */
export async function findDeployment(db: Database, name: string): Promise<StoredDeployment> {
  const slash = name.indexOf('/');
  if (slash > 0) {
    const row = await prismaOf(db).deployment.findFirst({
      where: { name: name.slice(slash + 1), flow: { name: name.slice(0, slash) } },
      include: INCLUDE,
    });
    if (row) return toStored(row as Row);
  }
  // Ids are UUIDs: only hex digits and dashes make an id prefix (and `%` or `_` never
  // reach the LIKE that startsWith becomes).
  const byPrefix = /^[0-9a-f-]+$/i.test(name)
    ? await prismaOf(db).deployment.findMany({
        where: { id: { startsWith: name.toLowerCase() } },
        include: INCLUDE,
        take: 2,
      })
    : [];
  if (byPrefix.length === 1) return toStored(byPrefix[0] as Row);
  if (byPrefix.length > 1) {
    throw new NotFoundError(
      `deployment "${name}" is ambiguous: more than one deployment id starts with it; use FLOW/DEPLOYMENT or a longer id prefix`,
      'E_AMBIGUOUS_DEPLOYMENT',
    );
  }
  throw new NotFoundError(
    `deployment "${name}" not found; \`scheduler deployments ls\` lists the names (FLOW/DEPLOYMENT)`,
    'E_UNKNOWN_DEPLOYMENT',
  );
}

/** An active schedule of an unpaused deployment: one that passes are meant to keep supplied. */
export interface ScheduleInUse {
  id: string;
  key: string;
  definition: unknown;
  /** `flow/deployment`. */
  deployment: string;
}

/**
 * Every active schedule of an unpaused deployment, in one query through the bare driver:
 * Prisma loads a relation with one bound parameter per parent row, beyond SQLite's limit at
 * 10,000 deployments.
 */
export async function listSchedulesInUse(db: Database): Promise<ScheduleInUse[]> {
  const rows = await db.sql.query<{ id: string; key: string; schedule: unknown; flow_name: string; name: string }>(sql`
    SELECT s.id, s.key, s.schedule, f.name AS flow_name, d.name
    FROM deployment_schedule s
    JOIN deployment d ON d.id = s.deployment_id
    JOIN flow f ON f.id = d.flow_id
    WHERE s.active = ${true} AND d.paused = ${false}
    ORDER BY f.name, d.name, s.key`);
  return rows.map((row) => ({
    id: row.id,
    key: row.key,
    definition: jsonColumn(row.schedule),
    deployment: `${row.flow_name}/${row.name}`,
  }));
}

/** The earliest future Scheduled run of each deployment. */
export async function nextRunTimes(db: Database, deploymentIds: string[], now: Date): Promise<Map<string, Date>> {
  const next = new Map<string, Date>();
  for (let at = 0; at < deploymentIds.length; at += IDS_PER_STATEMENT) {
    const rows = await prismaOf(db).flowRun.groupBy({
      by: ['deploymentId'],
      where: {
        deploymentId: { in: deploymentIds.slice(at, at + IDS_PER_STATEMENT) },
        stateType: 'SCHEDULED',
        expectedStartTime: { gte: now },
      },
      _min: { expectedStartTime: true },
    });
    for (const row of rows) {
      if (row.deploymentId && row._min.expectedStartTime) next.set(row.deploymentId, row._min.expectedStartTime);
    }
  }
  return next;
}

/** Counts of each deployment schedule's runs by state (for `inspect`). */
export async function countRunsBySchedule(db: Database, deploymentId: string, now: Date) {
  const [byState, future] = await Promise.all([
    prismaOf(db).flowRun.groupBy({ by: ['deploymentScheduleId', 'stateType'], where: { deploymentId }, _count: true }),
    prismaOf(db).flowRun.groupBy({
      by: ['deploymentScheduleId'],
      where: { deploymentId, stateType: 'SCHEDULED', expectedStartTime: { gte: now } },
      _count: true,
    }),
  ]);
  return {
    byState: byState.map((r) => ({ scheduleId: r.deploymentScheduleId, stateType: r.stateType, count: r._count })),
    futureScheduled: future.map((r) => ({ scheduleId: r.deploymentScheduleId, count: r._count })),
  };
}

/**
 * Pauses or resumes deployments. Pausing deletes their future auto-scheduled runs still
 * in Scheduled (as Prefect does), so a paused deployment starts nothing; resuming makes
 * every schedule active anew from now, so time spent paused is never caught up. Returns
 * the ids it changed (to schedule right after the commit).
 */
export async function setPaused(
  db: Database,
  ids: string[],
  paused: boolean,
  now: Date,
): Promise<{ changedIds: string[]; deletedRuns: DeletedRun[] }> {
  return prismaOf(db).$transaction(async (tx) => {
    const targets = await tx.deployment.findMany({
      where: { id: { in: ids }, paused: !paused },
      select: { id: true, name: true, flow: { select: { name: true } } },
    });
    const changedIds = targets.map((t) => t.id);
    const deletedRuns = paused ? await deleteFutureScheduledRuns(tx, { deploymentIds: changedIds }, now) : [];
    await tx.deployment.updateMany({ where: { id: { in: changedIds } }, data: { paused, updated: now } });
    if (!paused) {
      await tx.deploymentSchedule.updateMany({
        where: { deploymentId: { in: changedIds } },
        data: { activeSince: now },
      });
    }
    const deletedBy = countByDeployment(deletedRuns);
    await recordChanges(
      tx,
      targets.map((t) => ({
        deploymentId: t.id,
        deploymentName: `${t.flow.name}/${t.name}`,
        action: paused ? 'pause' : 'resume',
        details: { paused },
        runsDeleted: deletedBy.get(t.id) ?? 0,
      })),
      now,
    );
    return { changedIds, deletedRuns };
  });
}

/** Deletes a deployment with its schedules and its future Scheduled runs; past runs stay as history. */
export async function removeDeployment(
  db: Database,
  deployment: { id: string; name: string },
  now: Date,
): Promise<{ deletedRuns: DeletedRun[] }> {
  return prismaOf(db).$transaction(async (tx) => {
    const deletedRuns = await deleteDeployments(tx, [deployment.id], now);
    const change = { deploymentId: deployment.id, deploymentName: deployment.name, action: 'rm' as const };
    await recordChanges(tx, [{ ...change, details: {}, runsDeleted: deletedRuns.length }], now);
    return { deletedRuns };
  });
}

/** Deletes deployments (schedules cascade) and their future Scheduled runs, in the caller's transaction. */
export async function deleteDeployments(tx: PrismaTx, ids: string[], now: Date): Promise<DeletedRun[]> {
  const deletedRuns = await deleteFutureScheduledRuns(tx, { deploymentIds: ids }, now);
  if (ids.length > 0) await tx.deployment.deleteMany({ where: { id: { in: ids } } });
  return deletedRuns;
}
