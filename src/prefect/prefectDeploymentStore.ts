/**
 * `deployments ls` on a Prefect 3 server's tables: its deployments and schedules in the
 * shape the tool's own store gives (src/deployments/deploymentStore.ts), read through the
 * bare driver. Reads only: Prefect's server owns deployments.
 */
import type { SqlDatabase } from '../db/openSqlDatabase.js';
import { joinSql, sql } from '../db/sql.js';
import type { StoredDeployment } from '../deployments/deploymentStore.js';
import { asObject, asStringList, jsonColumn } from '../pass/schedulingStore.js';
import { booleanColumn, PREFECT_VALUES, instantColumn } from './prefectValues.js';

/** Every deployment by `flow/deployment` name, its schedules oldest first; a schedule's key is its slug, else its id. */
export async function listPrefectDeployments(db: SqlDatabase): Promise<StoredDeployment[]> {
  const rows = await db.sql.query<Record<string, unknown>>(sql`
    SELECT d.id, f.name AS flow_name, d.name, d.flow_id, d.description, d.tags, d.parameters, d.work_queue_name,
      d.paused, d.created, d.updated,
      s.id AS schedule_id, s.schedule, s.active, s.slug, s.parameters AS schedule_parameters, s.max_scheduled_runs
    FROM deployment d
    JOIN flow f ON f.id = d.flow_id
    LEFT JOIN deployment_schedule s ON s.deployment_id = d.id
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
  if (deploymentIds.length === 0) return new Map();
  const values = PREFECT_VALUES[db.sql.provider];
  const rows = await db.sql.query<{ deployment_id: string; next: unknown }>(sql`
    SELECT r.deployment_id, min(r.expected_start_time) AS next FROM flow_run r
    WHERE r.deployment_id IN (${joinSql(deploymentIds.map((id) => sql`${id}`))}) AND r.state_type = 'SCHEDULED'
      AND r.expected_start_time >= ${values.instant(now)}
    GROUP BY r.deployment_id`);
  return new Map(rows.map((row) => [String(row.deployment_id), instantColumn(row.next)]));
}
