/**
 * The runs a schedule holds and the late runs, on a Prefect 3 server's tables: what the
 * gauges of `loop --health-port` and `once --metrics-file` read after each pass, and what
 * `explain` and `status` build on (prefectScheduleRuns.ts).
 */
import { emptySql, sql, type SqlClient } from '../db/sql.js';
import type { RunHealthReader } from '../runs/runHealth.js';
import { instantColumn, PREFECT_VALUES, type PrefectValues } from './prefectValues.js';

/** A flow_run query's (alias r) restriction to one deployment; none for null. */
export const onlyDeployment = (deploymentId: string | null) =>
  deploymentId === null ? emptySql : sql`AND r.deployment_id = ${deploymentId}`;

/** Future auto-scheduled runs still Scheduled: the runs Prefect's selection counts (on ix_flow_run__schedule_id_scheduler). */
export const held = (values: PrefectValues, now: Date) =>
  sql`r.state_type = 'SCHEDULED' AND r.auto_scheduled = ${values.isTrue} AND r.next_scheduled_start_time >= ${values.instant(now)}`;

/**
 * Late runs per schedule (created_by id; null for runs no schedule created): Late already
 * (Prefect's MarkLateRuns), or still Scheduled lateAfter past their time, which its next
 * round will mark. Its own test: `next_scheduled_start_time <= now - lateAfter`.
 */
export async function readLateRuns(
  client: SqlClient,
  now: Date,
  lateAfter: number,
  deploymentId: string | null,
): Promise<Array<{ scheduleId: string | null; count: number; oldest: Date | null }>> {
  const values = PREFECT_VALUES[client.provider];
  const due = values.instant(new Date(now.getTime() - lateAfter * 1000));
  const rows = await client.query<{ schedule_id: string | null; n: unknown; oldest: unknown }>(sql`
    SELECT ${values.createdById} AS schedule_id, count(*) AS n, min(r.next_scheduled_start_time) AS oldest FROM flow_run r
    WHERE r.state_type = 'SCHEDULED' ${onlyDeployment(deploymentId)}
      AND (r.state_name = 'Late' OR (r.state_name = 'Scheduled' AND r.next_scheduled_start_time <= ${due}))
    GROUP BY 1`);
  return rows.map((row) => ({
    scheduleId: row.schedule_id === null ? null : String(row.schedule_id),
    count: Number(row.n),
    oldest: row.oldest === null ? null : instantColumn(row.oldest),
  }));
}

/**
 * The gauges on Prefect's tables: the shortest runway over the active schedules of unpaused
 * deployments (one max seek per schedule on ix_flow_run__schedule_id_scheduler), and the
 * late runs as `status` counts them.
 */
export const prefectRunHealth: RunHealthReader = {
  async shortestRunwaySeconds(client, now) {
    const values = PREFECT_VALUES[client.provider];
    const [row] = await client.query<{ until: unknown; schedules: unknown }>(sql`
      SELECT min(coalesce((
        SELECT max(r.next_scheduled_start_time) FROM flow_run r
        WHERE r.deployment_id = s.deployment_id AND ${values.createdById} = CAST(s.id AS VARCHAR) AND ${held(values, now)}
        ), ${values.instant(now)})) AS until, count(*) AS schedules
      FROM deployment_schedule s JOIN deployment d ON d.id = s.deployment_id
      WHERE s.active = ${values.isTrue} AND d.paused IS NOT ${values.isTrue}`);
    if (!row || Number(row.schedules) === 0 || row.until === null) return null;
    return Math.max(0, (instantColumn(row.until).getTime() - now.getTime()) / 1000);
  },
  lateRuns: async (client, now, lateAfterSeconds) =>
    (await readLateRuns(client, now, lateAfterSeconds, null)).reduce((sum, row) => sum + row.count, 0),
};
