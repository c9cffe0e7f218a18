import { sql, type SqlClient } from '../db/sql.js';

/** The two gauges read after each pass (README "Health and metrics"), per data model. */
export interface RunHealthReader {
  /** Seconds until the active schedule with the fewest runs ahead runs out; null when none is active. */
  shortestRunwaySeconds(client: SqlClient, now: Date): Promise<number | null>;
  /** Runs still waiting more than lateAfter after their time. */
  lateRuns(client: SqlClient, now: Date, lateAfterSeconds: number): Promise<number>;
}

/**
 * The shortest runway over the active schedules of unpaused deployments: how long until
 * the schedule with the fewest runs ahead has run through its last scheduled run (0 when
 * one has none left). It falls towards 0 before anything is missed, which is when to
 * alert. null when no schedule is active. One LIMIT 1 seek per schedule on
 * flow_run_schedule_state_time_idx, whatever the backlog.
 */
export async function readShortestRunwaySeconds(client: SqlClient, now: Date): Promise<number | null> {
  const [row] = await client.query<{ until: unknown; schedules: unknown }>(sql`
    SELECT min(coalesce((
      SELECT r.expected_start_time FROM flow_run r
      WHERE r.deployment_schedule_id = s.id AND r.state_type = 'SCHEDULED' AND r.auto_scheduled = ${true}
        AND r.expected_start_time >= ${now}
      ORDER BY r.expected_start_time DESC LIMIT 1), ${now})) AS until,
      count(*) AS schedules
    FROM deployment_schedule s JOIN deployment d ON d.id = s.deployment_id
    WHERE s.active = ${true} AND d.paused = ${false}`);
  if (!row || Number(row.schedules) === 0 || row.until === null) return null;
  const until = row.until instanceof Date ? row.until : new Date(String(row.until));
  return Math.max(0, (until.getTime() - now.getTime()) / 1000);
}

/** The tool's own tables. */
export const ownRunHealth: RunHealthReader = {
  shortestRunwaySeconds: (client, now) => readShortestRunwaySeconds(client, now),
  lateRuns: (client, now, lateAfterSeconds) => countLateRuns(client, now, lateAfterSeconds),
};

/** Runs still waiting in a SCHEDULED state (`Scheduled` or `Late`) more than lateAfter after their time. */
export async function countLateRuns(client: SqlClient, now: Date, lateAfterSeconds: number): Promise<number> {
  const before = new Date(now.getTime() - lateAfterSeconds * 1000);
  const [row] = await client.query<{ late: unknown }>(sql`
    SELECT count(*) AS late FROM flow_run
    WHERE state_type = 'SCHEDULED' AND expected_start_time < ${before}`);
  return Number(row?.late ?? 0);
}
