/**
 * `deployments ls|inspect` on a Prefect 3 server's tables: its deployments and schedules in the
 * shape the tool's own store gives (src/deployments/deploymentStore.ts), read through the
 * bare driver. Reads only: Prefect's server owns deployments.
 */
import type { SqlDatabase } from '../db/openSqlDatabase.js';
import { emptySql, IDS_PER_STATEMENT, idList, jsonColumn, sql } from '../db/sql.js';
import { NotFoundError } from '../errors.js';
import type { StoredDeployment } from '../deployments/deploymentStore.js';
import { asObject, asStringList } from '../pass/schedulingStore.js';
import { booleanColumn, PREFECT_VALUES, instantColumn } from './prefectValues.js';

/** A Prefect deployment's id by its `flow/deployment` name; NotFoundError (exit 2) if there is none. */
export async function findPrefectDeploymentId(db: SqlDatabase, name: string): Promise<string> {
  const slash = name.indexOf('/');
  const rows =
    slash < 0
      ? []
      : await db.sql.query<{ id: string }>(sql`
          SELECT d.id FROM deployment d JOIN flow f ON f.id = d.flow_id
          WHERE f.name = ${name.slice(0, slash)} AND d.name = ${name.slice(slash + 1)}`);
  if (rows.length === 0) {
    throw new NotFoundError(
      `deployment "${name}" not found in the Prefect database; name it as flow/deployment (\`prefect deployment ls\` lists them)`,
    );
  }
  return String(rows[0]!.id);
}

/**
 * Every deployment (or the one with `id`) by `flow/deployment` name, its schedules oldest
 * first; a schedule's key is its slug, else its id.
 */
export async function listPrefectDeployments(db: SqlDatabase, id?: string): Promise<StoredDeployment[]> {
  const only = id === undefined ? emptySql : sql`WHERE d.id = ${id}`;
  const rows = await db.sql.query<Record<string, unknown>>(sql`
    SELECT d.id, f.name AS flow_name, d.name, d.flow_id, d.description, d.tags, d.parameters, d.work_queue_name,
      d.paused, d.created, d.updated,
      s.id AS schedule_id, s.schedule, s.active, s.slug, s.parameters AS schedule_parameters, s.max_scheduled_runs,
      s.created AS schedule_created, s.updated AS schedule_updated
    FROM deployment d
    JOIN flow f ON f.id = d.flow_id
    LEFT JOIN deployment_schedule s ON s.deployment_id = d.id
    ${only}
    ORDER BY f.name, d.name, d.id, s.created, s.id`);
  const deployments: StoredDeployment[] = [];
  for (const row of rows) {
    let deployment = deployments[deployments.length - 1];
    if (deployment?.id !== String(row.id)) {
      deployment = {
        id: String(row.id),
        name: `${row.flow_name}/${row.name}`,
        flowId: String(row.flow_id),
        description: (row.description as string | null) ?? null,
        tags: asStringList(jsonColumn(row.tags)),
        parameters: asObject(jsonColumn(row.parameters)),
        workQueueName: (row.work_queue_name as string | null) ?? null,
        paused: booleanColumn(row.paused),
        created: instantColumn(row.created),
        updated: instantColumn(row.updated),
        schedules: [],
      };
      deployments.push(deployment);
    }
    if (row.schedule_id === null) continue;
    const slug = (row.slug as string | null) ?? null;
    deployment.schedules.push({
      id: String(row.schedule_id),
      key: slug ?? String(row.schedule_id),
      definition: asObject(jsonColumn(row.schedule)),
      active: booleanColumn(row.active),
      slug,
      parameters: asObject(jsonColumn(row.schedule_parameters)),
      maxScheduledRuns: row.max_scheduled_runs === null ? null : Number(row.max_scheduled_runs),
      created: instantColumn(row.schedule_created),
      updated: instantColumn(row.schedule_updated),
      // Prefect stores no catch-up policy nor when a schedule became active; its last change stands in.
      catchup: null,
      activeSince: instantColumn(row.schedule_updated),
    });
  }
  return deployments;
}

/** Each deployment's earliest Scheduled run at or after `now`. */
export async function prefectNextRunTimes(
  db: SqlDatabase,
  deploymentIds: string[],
  now: Date,
): Promise<Map<string, Date>> {
  const values = PREFECT_VALUES[db.sql.provider];
  const next = new Map<string, Date>();
  for (let at = 0; at < deploymentIds.length; at += IDS_PER_STATEMENT) {
    const ids = deploymentIds.slice(at, at + IDS_PER_STATEMENT);
    const rows = await db.sql.query<{ deployment_id: string; next: unknown }>(sql`
      SELECT r.deployment_id, min(r.expected_start_time) AS next FROM flow_run r
      WHERE r.deployment_id IN (${idList(ids)}) AND r.state_type = 'SCHEDULED'
        AND r.expected_start_time >= ${values.instant(now)}
      GROUP BY r.deployment_id`);
    for (const row of rows) next.set(String(row.deployment_id), instantColumn(row.next));
  }
  return next;
}

/** One deployment by `flow/deployment` name; NotFoundError (exit 2) if there is none. */
export async function findPrefectDeployment(db: SqlDatabase, name: string): Promise<StoredDeployment> {
  const [deployment] = await listPrefectDeployments(db, await findPrefectDeploymentId(db, name));
  return deployment!;
}

/** A deployment's runs counted by schedule (created_by id) and state, and its future Scheduled ones (for `inspect`). */
export async function countPrefectRunsBySchedule(db: SqlDatabase, deploymentId: string, now: Date) {
  const values = PREFECT_VALUES[db.sql.provider];
  const [byState, future] = await Promise.all([
    db.sql.query<{ schedule_id: string | null; state_type: string; n: unknown }>(sql`
      SELECT ${values.createdById} AS schedule_id, r.state_type, count(*) AS n FROM flow_run r
      WHERE r.deployment_id = ${deploymentId} GROUP BY 1, 2`),
    db.sql.query<{ schedule_id: string | null; n: unknown }>(sql`
      SELECT ${values.createdById} AS schedule_id, count(*) AS n FROM flow_run r
      WHERE r.deployment_id = ${deploymentId} AND r.state_type = 'SCHEDULED'
        AND r.expected_start_time >= ${values.instant(now)}
      GROUP BY 1`),
  ]);
  return {
    byState: byState.map((r) => ({ scheduleId: r.schedule_id, stateType: String(r.state_type), count: Number(r.n) })),
    futureScheduled: future.map((r) => ({ scheduleId: r.schedule_id, count: Number(r.n) })),
  };
}
