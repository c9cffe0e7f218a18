import type { Database } from '../db/openDatabase.js';
import { prismaOf } from '../db/prisma.js';

/** The future runs a schedule holds: what `explain` and `status` call its runway. */
export interface ScheduleRunway {
  scheduleId: string;
  /** Future auto-scheduled runs still in a SCHEDULED state, earliest first (at most `limit`). */
  heldTimes: Date[];
  /** The latest of them: the schedule is covered until then. */
  runwayUntil: Date | null;
  /** Runs of the schedule in the state Late. */
  lateRuns: number;
  /** When the newest auto-scheduled run was created: the `now` of the pass that made it. */
  lastScheduledAt: Date | null;
}

/** The runway of each schedule, read with one query per question for all schedules at once. */
export async function readScheduleRunways(
  db: Database,
  scheduleIds: string[],
  now: Date,
  limit: number,
): Promise<Map<string, ScheduleRunway>> {
  const prisma = prismaOf(db);
  const result = new Map<string, ScheduleRunway>(
    scheduleIds.map((scheduleId) => [
      scheduleId,
      { scheduleId, heldTimes: [], runwayUntil: null, lateRuns: 0, lastScheduledAt: null },
    ]),
  );
  if (scheduleIds.length === 0) return result;
  const held = { deploymentScheduleId: { in: scheduleIds }, stateType: 'SCHEDULED', autoScheduled: true };
  const [latest, late, created] = await Promise.all([
    prisma.flowRun.groupBy({
      by: ['deploymentScheduleId'],
      where: { ...held, expectedStartTime: { gte: now } },
      _max: { expectedStartTime: true },
    }),
    prisma.flowRun.groupBy({
      by: ['deploymentScheduleId'],
      where: { deploymentScheduleId: { in: scheduleIds }, stateName: 'Late' },
      _count: true,
    }),
    prisma.flowRun.groupBy({
      by: ['deploymentScheduleId'],
      where: { deploymentScheduleId: { in: scheduleIds }, autoScheduled: true },
      _max: { created: true },
    }),
  ]);
  for (const row of latest) result.get(row.deploymentScheduleId!)!.runwayUntil = row._max.expectedStartTime;
  for (const row of late) result.get(row.deploymentScheduleId!)!.lateRuns = row._count;
  for (const row of created) result.get(row.deploymentScheduleId!)!.lastScheduledAt = row._max.created;
  if (limit > 0) {
    for (const scheduleId of scheduleIds) {
      const runs = await prisma.flowRun.findMany({
        where: { ...held, deploymentScheduleId: scheduleId, expectedStartTime: { gte: now } },
        select: { expectedStartTime: true },
        orderBy: { expectedStartTime: 'asc' },
        take: limit,
      });
      result.get(scheduleId)!.heldTimes = runs.map((r) => r.expectedStartTime);
    }
  }
  return result;
}

export interface RunAtTime {
  id: string;
  name: string;
  scheduleId: string | null;
  idempotencyKey: string | null;
  stateType: string;
  stateName: string;
  expectedStartTime: Date;
  tags: string[];
  states: Array<{ type: string; name: string; timestamp: Date; message: string | null }>;
}

/** A deployment's runs scheduled at exactly these instants, with their state history. */
export async function findRunsAt(db: Database, deploymentId: string, instants: Date[]): Promise<RunAtTime[]> {
  if (instants.length === 0) return [];
  const runs = await prismaOf(db).flowRun.findMany({
    where: { deploymentId, expectedStartTime: { in: instants } },
    include: { states: { orderBy: { timestamp: 'asc' } } },
    orderBy: { id: 'asc' },
  });
  return runs.map((run) => ({
    id: run.id,
    name: run.name,
    scheduleId: run.deploymentScheduleId,
    idempotencyKey: run.idempotencyKey,
    stateType: run.stateType,
    stateName: run.stateName,
    expectedStartTime: run.expectedStartTime,
    tags: Array.isArray(run.tags) ? run.tags.map(String) : [],
    states: run.states.map((s) => ({ type: s.type, name: s.name, timestamp: s.timestamp, message: s.message })),
  }));
}

/** The latest future auto-scheduled run of every schedule that holds one. */
export async function readRunwayEnds(db: Database, now: Date): Promise<Map<string, Date>> {
  const rows = await prismaOf(db).flowRun.groupBy({
    by: ['deploymentScheduleId'],
    where: { stateType: 'SCHEDULED', autoScheduled: true, expectedStartTime: { gte: now } },
    _max: { expectedStartTime: true },
  });
  return new Map(
    rows
      .filter((r) => r.deploymentScheduleId !== null && r._max.expectedStartTime !== null)
      .map((r) => [r.deploymentScheduleId!, r._max.expectedStartTime!]),
  );
}

/** How many runs are Late, and the scheduled time of the oldest. */
export async function readLateRunSummary(db: Database): Promise<{ count: number; oldest: Date | null }> {
  const result = await prismaOf(db).flowRun.aggregate({
    where: { stateName: 'Late' },
    _count: true,
    _min: { expectedStartTime: true },
  });
  return { count: result._count, oldest: result._min.expectedStartTime };
}
