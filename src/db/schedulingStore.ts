import { Prisma } from '../generated/sqlite/client.js';
import type { Database } from './database.js';

export interface ScheduleToPlan {
  id: string;
  key: string;
  definition: unknown;
  parameters: Record<string, unknown>;
  maxScheduledRuns: number | null;
}

export interface DeploymentToSchedule {
  id: string;
  name: string;
  flowId: string;
  flowName: string;
  tags: string[];
  parameters: Record<string, unknown>;
  workQueueName: string | null;
  schedules: ScheduleToPlan[];
}

export interface ScheduledRunRow {
  id: string;
  name: string;
  flowId: string;
  deploymentId: string;
  deploymentScheduleId: string;
  workQueueName: string | null;
  /** JSON text. */
  parameters: string;
  /** JSON text. */
  tags: string;
  idempotencyKey: string;
  expectedStartTime: Date;
  stateId: string;
}

export interface SaturationThresholds {
  now: Date;
  minRuns: number;
  maxRuns: number;
  /** now + minScheduledTime. */
  minUntil: Date;
}

/**
 * One page of SPEC section 4 step 1: deployments after `afterId`, not paused, with an
 * active schedule that does not yet hold enough future auto-scheduled runs. A schedule
 * holds enough when it has minRuns of them (fewer if its own cap is lower) and one at or
 * beyond now + minScheduledTime, or when it is full (its cap, or maxRuns). Counted per
 * schedule, as Prefect 3.6.19+, so a 15-minute schedule is not starved by a weekly
 * sibling. Every probe is a bounded seek on flow_run_schedule_state_time_idx: counts stop
 * at a fixed LIMIT, whatever the backlog.
 */
export async function selectDeploymentsToSchedule(
  db: Database,
  afterId: string | null,
  limit: number,
  thresholds: SaturationThresholds,
): Promise<string[]> {
  const futureRuns = (from: Date) => Prisma.sql`
    FROM flow_run r
    WHERE r.deployment_schedule_id = s.id AND r.state_type = 'SCHEDULED' AND r.auto_scheduled = true
      AND r.expected_start_time >= ${from}`;
  const heldUpTo = (cap: number) => Prisma.sql`(SELECT count(*) FROM (SELECT 1 ${futureRuns(thresholds.now)} LIMIT ${cap}) AS held)`;
  const capOr = (fallback: number) => Prisma.sql`CASE WHEN s.max_scheduled_runs IS NOT NULL AND s.max_scheduled_runs < ${fallback}
    THEN s.max_scheduled_runs ELSE ${fallback} END`;
  const rows = await db.prisma.$queryRaw<Array<{ id: string }>>(Prisma.sql`
    SELECT d.id FROM deployment d
    WHERE d.paused = false ${afterId === null ? Prisma.empty : Prisma.sql`AND d.id > ${afterId}`}
      AND EXISTS (
        SELECT 1 FROM deployment_schedule s
        WHERE s.deployment_id = d.id AND s.active = true
          AND NOT (
            (${heldUpTo(thresholds.minRuns)} >= ${capOr(thresholds.minRuns)} AND EXISTS (SELECT 1 ${futureRuns(thresholds.minUntil)}))
            OR ${heldUpTo(thresholds.maxRuns)} >= ${capOr(thresholds.maxRuns)}
          )
      )
    ORDER BY d.id
    LIMIT ${limit}`);
  return rows.map((row) => row.id);
}

/** The deployments of a page with their flow and active schedules, in one round of queries. */
export async function loadDeploymentsToSchedule(db: Database, ids: string[]): Promise<DeploymentToSchedule[]> {
  const deployments = await db.prisma.deployment.findMany({
    where: { id: { in: ids } },
    orderBy: { id: 'asc' },
    include: { flow: { select: { name: true } }, schedules: { where: { active: true }, orderBy: { id: 'asc' } } },
  });
  return deployments.map((d) => ({
    id: d.id,
    name: d.name,
    flowId: d.flowId,
    flowName: d.flow.name,
    tags: asStringList(d.tags),
    parameters: asObject(d.parameters),
    workQueueName: d.workQueueName,
    schedules: d.schedules.map((s) => ({
      id: s.id,
      key: s.key,
      definition: s.schedule,
      parameters: asObject(s.parameters),
      maxScheduledRuns: s.maxScheduledRuns,
    })),
  }));
}

/**
 * Inserts runs and their Scheduled state rows in one transaction; a run whose
 * (flow, idempotency key) exists is skipped, on both databases and across processes.
 * Prisma's createMany is 15-20x slower than the driver here (and rejects skipDuplicates
 * on SQLite), so this hot path is one parameterised multi-row INSERT ... ON CONFLICT DO
 * NOTHING RETURNING through Prisma's raw API (values bound, never concatenated).
 * Returns the runs actually inserted.
 */
export async function insertScheduledRuns(db: Database, runs: ScheduledRunRow[], now: Date): Promise<ScheduledRunRow[]> {
  if (runs.length === 0) return [];
  const json = db.target.provider === 'postgres' ? (text: string) => Prisma.sql`${text}::jsonb` : (text: string) => Prisma.sql`${text}`;
  const byId = new Map(runs.map((run) => [run.id, run]));
  return db.prisma.$transaction(async (tx) => {
    const inserted = await tx.$queryRaw<Array<{ id: string }>>(Prisma.sql`
      INSERT INTO flow_run (id, name, flow_id, deployment_id, deployment_schedule_id, work_queue_name, parameters, tags,
        idempotency_key, auto_scheduled, state_type, state_name, expected_start_time, next_scheduled_start_time, created, updated)
      VALUES ${Prisma.join(runs.map((run) => Prisma.sql`(${run.id}, ${run.name}, ${run.flowId}, ${run.deploymentId},
        ${run.deploymentScheduleId}, ${run.workQueueName}, ${json(run.parameters)}, ${json(run.tags)}, ${run.idempotencyKey},
        true, 'SCHEDULED', 'Scheduled', ${run.expectedStartTime}, ${run.expectedStartTime}, ${now}, ${now})`))}
      ON CONFLICT (flow_id, idempotency_key) DO NOTHING
      RETURNING id`);
    const insertedRuns = inserted.map((row) => byId.get(row.id)!);
    if (insertedRuns.length > 0) {
      await tx.$executeRaw(Prisma.sql`
        INSERT INTO flow_run_state (id, flow_run_id, type, name, timestamp, message, scheduled_time)
        VALUES ${Prisma.join(insertedRuns.map((run) => Prisma.sql`(${run.stateId}, ${run.id}, 'SCHEDULED', 'Scheduled', ${now},
          'Flow run scheduled', ${run.expectedStartTime})`))}`);
    }
    return insertedRuns;
  }, { maxWait: 60_000, timeout: 120_000 });
}

/** The idempotency keys of existing runs among `keys` (for preview's new/scheduled marks). */
export async function findExistingIdempotencyKeys(db: Database, flowId: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.prisma.flowRun.findMany({
    where: { flowId, idempotencyKey: { in: keys } },
    select: { idempotencyKey: true },
  });
  return new Set(rows.map((row) => row.idempotencyKey!));
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asStringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
