/**
 * `explain` and `status` on a Prefect 3 server's tables (README "In place of Prefect's
 * scheduler"): the runs a schedule holds and its late runs, read from flow_run through the
 * bare driver. A schedule's runs are those whose created_by names it; Prefect keeps no pass
 * or change history, so the stores below have none.
 */
import type { SqlDatabase } from '../db/openSqlDatabase.js';
import { idList, joinSql, jsonColumn, sql, type Sql } from '../db/sql.js';
import type { ScheduleInUse } from '../deployments/deploymentStore.js';
import type { ExplainStore } from '../explain/explainStore.js';
import { asStringList } from '../pass/schedulingStore.js';
import type { RunAtTime, ScheduleRunway } from '../runs/scheduleRuns.js';
import type { StatusStore } from '../status/statusStore.js';
import { findPrefectDeployment, listPrefectDeployments } from './prefectDeploymentStore.js';
import { held, onlyDeployment, readLateRuns } from './prefectRunHealth.js';
import { instantColumn, PREFECT_VALUES } from './prefectValues.js';

/**
 * Each schedule's latest held run (keyed by the created_by id), of one deployment or all.
 * The runway of `explain` and `status`.
 */
async function readRunwayEnds(db: SqlDatabase, now: Date, deploymentId: string | null): Promise<Map<string, Date>> {
  const values = PREFECT_VALUES[db.sql.provider];
  const rows = await db.sql.query<{ schedule_id: string | null; until: unknown }>(sql`
    SELECT ${values.createdById} AS schedule_id, max(r.next_scheduled_start_time) AS until FROM flow_run r
    WHERE ${held(values, now)} ${onlyDeployment(deploymentId)}
    GROUP BY 1`);
  return new Map(
    rows.filter((row) => row.schedule_id !== null).map((row) => [String(row.schedule_id), instantColumn(row.until)]),
  );
}

async function readScheduleRunways(
  db: SqlDatabase,
  deploymentId: string,
  scheduleIds: string[],
  now: Date,
  limit: number,
  lateAfter: number,
): Promise<Map<string, ScheduleRunway>> {
  const values = PREFECT_VALUES[db.sql.provider];
  const [ends, late, created, heldTimes] = await Promise.all([
    readRunwayEnds(db, now, deploymentId),
    readLateRuns(db.sql, now, lateAfter, deploymentId),
    db.sql.query<{ schedule_id: string | null; created: unknown }>(sql`
      SELECT ${values.createdById} AS schedule_id, max(r.created) AS created FROM flow_run r
      WHERE r.deployment_id = ${deploymentId} AND r.auto_scheduled = ${values.isTrue}
      GROUP BY 1`),
    Promise.all(
      scheduleIds.map(async (scheduleId) =>
        limit <= 0
          ? []
          : db.sql.query<{ at: unknown }>(sql`
              SELECT r.next_scheduled_start_time AS at FROM flow_run r
              WHERE r.deployment_id = ${deploymentId} AND ${values.createdById} = ${scheduleId} AND ${held(values, now)}
              ORDER BY r.next_scheduled_start_time LIMIT ${limit}`),
      ),
    ),
  ]);
  return new Map(
    scheduleIds.map((scheduleId, i) => {
      const lastCreated = created.find((row) => row.schedule_id !== null && String(row.schedule_id) === scheduleId);
      return [
        scheduleId,
        {
          scheduleId,
          heldTimes: heldTimes[i]!.map((row) => instantColumn(row.at)),
          runwayUntil: ends.get(scheduleId) ?? null,
          lateRuns: late.find((row) => row.scheduleId === scheduleId)?.count ?? 0,
          lastScheduledAt: lastCreated === undefined ? null : instantColumn(lastCreated.created),
        },
      ];
    }),
  );
}

/**
 * A schedule's runs at these instants, in any state: those it created (created_by id), and
 * the deployment's runs under Prefect's pre-3.2 key (`scheduled <deployment id> <time>`,
 * without created_by), which belonged to whichever schedule fired then. Found by
 * expected_start_time, which Prefect keeps when a run leaves Scheduled (it clears
 * next_scheduled_start_time), within the millisecond the instant names (Prefect keeps
 * microseconds).
 */
async function findScheduleRunsAt(
  db: SqlDatabase,
  deploymentId: string,
  scheduleId: string,
  instants: Date[],
): Promise<RunAtTime[]> {
  if (instants.length === 0) return [];
  const values = PREFECT_VALUES[db.sql.provider];
  const within = (at: Date): Sql =>
    sql`(r.expected_start_time >= ${values.instant(at)} AND r.expected_start_time < ${values.instant(new Date(at.getTime() + 1))})`;
  const runs = await db.sql.query<Record<string, unknown>>(sql`
    SELECT r.id, r.name, ${values.createdById} AS schedule_id, r.idempotency_key, r.state_type, r.state_name,
      r.expected_start_time, r.tags
    FROM flow_run r
    WHERE r.deployment_id = ${deploymentId} AND (${joinSql(instants.map(within), ' OR ')})
      AND (${values.createdById} = ${scheduleId}
        OR (${values.createdById} IS NULL AND r.idempotency_key LIKE ${`scheduled ${deploymentId} %`}))
    ORDER BY r.id`);
  if (runs.length === 0) return [];
  const states = await db.sql.query<Record<string, unknown>>(sql`
    SELECT s.flow_run_id, s.type, s.name, s.timestamp, s.message FROM flow_run_state s
    WHERE s.flow_run_id IN (${idList(runs.map((run) => String(run.id)))})
    ORDER BY s.timestamp`);
  return runs.map((run) => ({
    id: String(run.id),
    name: String(run.name),
    scheduleId: run.schedule_id === null ? null : String(run.schedule_id),
    idempotencyKey: (run.idempotency_key as string | null) ?? null,
    stateType: String(run.state_type ?? ''),
    stateName: String(run.state_name ?? ''),
    expectedStartTime: instantColumn(run.expected_start_time),
    tags: asStringList(jsonColumn(run.tags)),
    states: states
      .filter((state) => String(state.flow_run_id) === String(run.id))
      .map((state) => ({
        type: String(state.type),
        name: String(state.name),
        timestamp: instantColumn(state.timestamp),
        message: (state.message as string | null) ?? null,
      })),
  }));
}

/** `explain --data-model prefect`; `lateAfter` (seconds) counts a schedule's late runs as Prefect's MarkLateRuns would. */
export function prefectExplainStore(db: SqlDatabase, lateAfter: number): ExplainStore {
  return {
    dataModel: 'prefect',
    findDeployment: (name) => findPrefectDeployment(db, name),
    readScheduleRunways: (deploymentId, scheduleIds, now, limit) =>
      readScheduleRunways(db, deploymentId, scheduleIds, now, limit, lateAfter),
    findScheduleRunsAt: (deploymentId, schedule, instants) =>
      findScheduleRunsAt(db, deploymentId, schedule.id, instants),
    history: null,
  };
}

/** The active schedules of unpaused deployments, as `status` checks their runways. */
async function listSchedulesInUse(db: SqlDatabase): Promise<ScheduleInUse[]> {
  return (await listPrefectDeployments(db))
    .filter((deployment) => !deployment.paused)
    .flatMap((deployment) =>
      deployment.schedules
        .filter((schedule) => schedule.active)
        .map((schedule) => ({
          id: schedule.id,
          key: schedule.key,
          definition: schedule.definition,
          deployment: deployment.name,
        })),
    );
}

/** `status --data-model prefect`; late runs as in prefectExplainStore. */
export function prefectStatusStore(db: SqlDatabase, lateAfter: number): StatusStore {
  return {
    dataModel: 'prefect',
    listSchedulesInUse: () => listSchedulesInUse(db),
    readRunwayEnds: (now) => readRunwayEnds(db, now, null),
    readLateRunSummary: async (now) => {
      const late = await readLateRuns(db.sql, now, lateAfter, null);
      const oldest = late.flatMap((row) => (row.oldest === null ? [] : [row.oldest.getTime()]));
      return {
        count: late.reduce((sum, row) => sum + row.count, 0),
        oldest: oldest.length === 0 ? null : new Date(Math.min(...oldest)),
      };
    },
    history: null,
  };
}
