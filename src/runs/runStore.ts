import type { Database } from '../db/openDatabase.js';
import { prismaOf, type PrismaTx } from '../db/prisma.js';
import { timezoneOf } from '../schedule/index.js';

export interface DeletedRun {
  id: string;
  deploymentId: string | null;
  deploymentScheduleId: string | null;
  idempotencyKey: string | null;
  expectedStartTime: Date;
}

/**
 * Deletes future auto-scheduled runs still in Scheduled, of a deployment or of some of its
 * schedules. Past-due runs and runs that left Scheduled are history and stay; a deleted
 * run frees its idempotency key, so the next pass can fill the slot from the new
 * definition. Their state rows go with them (ON DELETE CASCADE).
 */
export async function deleteFutureScheduledRuns(
  client: PrismaTx,
  scope: { deploymentIds: string[] } | { scheduleIds: string[] },
  now: Date,
): Promise<DeletedRun[]> {
  const ids = 'deploymentIds' in scope ? scope.deploymentIds : scope.scheduleIds;
  if (ids.length === 0) return [];
  const where = {
    ...('deploymentIds' in scope ? { deploymentId: { in: ids } } : { deploymentScheduleId: { in: ids } }),
    autoScheduled: true,
    stateType: 'SCHEDULED',
    expectedStartTime: { gte: now },
  };
  const runs = await client.flowRun.findMany({
    where,
    select: { id: true, deploymentId: true, deploymentScheduleId: true, idempotencyKey: true, expectedStartTime: true },
    orderBy: { expectedStartTime: 'asc' },
  });
  if (runs.length > 0) await client.flowRun.deleteMany({ where: { id: { in: runs.map((r) => r.id) } } });
  return runs;
}

export interface RunFilter {
  deploymentId?: string;
  stateType?: string;
  /** Exact, as stored: `Scheduled`, `Late`... */
  stateName?: string;
  after?: Date;
  before?: Date;
  limit: number;
}

export interface RunListing {
  id: string;
  name: string;
  deployment: string | null;
  scheduleKey: string | null;
  timezone: string | null;
  stateType: string;
  stateName: string;
  expectedStartTime: Date;
  /** Microseconds beyond expectedStartTime (Prefect's tables keep them; the tool's own keep milliseconds). */
  micro?: number;
  idempotencyKey: string | null;
  parameters: unknown;
  tags: unknown;
  workQueueName: string | null;
}

/** Flow runs in scheduled-time order, with their deployment's name and schedule key. */
export async function listRuns(db: Database, filter: RunFilter): Promise<RunListing[]> {
  const runs = await prismaOf(db).flowRun.findMany({
    where: {
      deploymentId: filter.deploymentId,
      stateType: filter.stateType,
      stateName: filter.stateName,
      expectedStartTime: { gte: filter.after, lte: filter.before },
    },
    orderBy: [{ expectedStartTime: 'asc' }, { id: 'asc' }],
    take: filter.limit,
    include: {
      flow: { select: { name: true } },
      deployment: { select: { name: true } },
      deploymentSchedule: { select: { key: true, schedule: true } },
    },
  });
  return runs.map((run) => ({
    id: run.id,
    name: run.name,
    deployment: run.deployment ? `${run.flow.name}/${run.deployment.name}` : null,
    scheduleKey: run.deploymentSchedule?.key ?? null,
    timezone: timezoneOf(run.deploymentSchedule?.schedule),
    stateType: run.stateType,
    stateName: run.stateName,
    expectedStartTime: run.expectedStartTime,
    idempotencyKey: run.idempotencyKey,
    parameters: run.parameters,
    tags: run.tags,
    workQueueName: run.workQueueName,
  }));
}
