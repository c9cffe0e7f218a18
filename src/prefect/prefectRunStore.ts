/**
 * `runs ls` on a Prefect 3 server's tables: its flow runs in the listing the tool's own
 * model gives (src/runs/runStore.ts), read through the bare driver (Prisma never opens
 * Prefect's database). Reads only.
 */
import type { SqlDatabase } from '../db/openSqlDatabase.js';
import { joinSql, jsonColumn, sql, type Sql } from '../db/sql.js';
import type { RunListing } from '../runs/runStore.js';
import { timezoneOf } from '../schedule/index.js';
import { findPrefectDeploymentId } from './prefectDeploymentStore.js';
import { PREFECT_VALUES, instantColumn } from './prefectValues.js';

export interface PrefectRunFilter {
  /** `flow/deployment`. */
  deployment?: string;
  stateType?: string;
  /** Exactly as stored (`Late`, `Scheduled`). */
  stateName?: string;
  after?: Date;
  before?: Date;
  limit: number;
}

/**
 * Flow runs in scheduled-time order with their deployment's name, their schedule (its slug,
 * else its id, as created_by names it) and its zone. `micro` keeps the microseconds
 * Prefect stores, which the PostgreSQL driver's Dates drop.
 */
export async function listPrefectRuns(db: SqlDatabase, filter: PrefectRunFilter): Promise<RunListing[]> {
  const values = PREFECT_VALUES[db.sql.provider];
  // A run Prefect's API created without a time (no state yet) has no place in a time-ordered listing.
  const conditions: Sql[] = [sql`r.expected_start_time IS NOT NULL`];
  if (filter.deployment !== undefined) {
    conditions.push(sql`r.deployment_id = ${await findPrefectDeploymentId(db, filter.deployment)}`);
  }
  if (filter.stateType !== undefined) conditions.push(sql`r.state_type = ${filter.stateType}`);
  if (filter.stateName !== undefined) conditions.push(sql`r.state_name = ${filter.stateName}`);
  if (filter.after !== undefined) conditions.push(sql`r.expected_start_time >= ${values.instant(filter.after)}`);
  if (filter.before !== undefined) conditions.push(sql`r.expected_start_time <= ${values.instant(filter.before)}`);
  const where = sql`WHERE ${joinSql(conditions, ' AND ')}`;
  const rows = await db.sql.query<Record<string, unknown>>(sql`
    SELECT r.id, r.name, f.name AS flow_name, d.name AS deployment_name, s.id AS schedule_id, s.slug, s.schedule,
      r.state_type, r.state_name, r.expected_start_time, ${values.microsOf(sql`r.expected_start_time`)} AS micro,
      r.idempotency_key, r.parameters, r.tags, r.work_queue_name
    FROM flow_run r
    JOIN flow f ON f.id = r.flow_id
    LEFT JOIN deployment d ON d.id = r.deployment_id
    LEFT JOIN deployment_schedule s ON CAST(s.id AS VARCHAR) = ${values.createdById}
    ${where}
    ORDER BY r.expected_start_time, r.id
    LIMIT ${filter.limit}`);
  return rows.map((row) => ({
    id: String(row.id),
    name: String(row.name),
    deployment: row.deployment_name === null ? null : `${row.flow_name}/${row.deployment_name}`,
    scheduleKey: row.schedule_id === null ? null : String(row.slug ?? row.schedule_id),
    timezone: timezoneOf(jsonColumn(row.schedule)),
    stateType: String(row.state_type ?? ''),
    stateName: String(row.state_name ?? ''),
    expectedStartTime: instantColumn(row.expected_start_time),
    micro: Number(row.micro),
    idempotencyKey: (row.idempotency_key as string | null) ?? null,
    parameters: jsonColumn(row.parameters),
    tags: jsonColumn(row.tags),
    workQueueName: (row.work_queue_name as string | null) ?? null,
  }));
}
