/**
 * The pass on a Prefect 3 server's own tables (README "In place of Prefect's scheduler"):
 * the deployments Prefect 3.6.19+ selects, and for each planned date the flow run, its
 * Scheduled state and the run's state_id, column for column as Prefect's
 * `_generate_scheduled_flow_runs` and `_insert_scheduled_flow_runs` write them.
 */
import type { SqlDatabase } from '../db/openSqlDatabase.js';
import type { Provider } from '../db/databaseUrl.js';
import { joinSql, jsonColumn, RowsInsert, sql, type SqlClient, type Statement } from '../db/sql.js';
import { uuidv7 } from '../ids.js';
import type { PassStore } from '../pass/passStore.js';
import {
  asObject,
  asStringList,
  type DeploymentToSchedule,
  readChangeWatermark,
  selectRecentlyChanged,
  type SaturationThresholds,
  type ScheduleToPlan,
} from '../pass/schedulingStore.js';
import { generateRunName } from '../runs/runName.js';
import { normalizeTimeZone, type Occurrence } from '../schedule/index.js';
import { prefectRunHealth } from './prefectRunHealth.js';
import { PREFECT_VALUES, prefectInstantForm } from './prefectValues.js';
import { pydanticJson, pythonJson, pythonStr } from './pythonText.js';

export interface PrefectSchedule extends ScheduleToPlan {
  slug: string | null;
}

export interface PrefectDeployment extends DeploymentToSchedule {
  version: string | null;
  workQueueId: string | null;
  infrastructureDocumentId: string | null;
  labels: Record<string, unknown>;
  schedules: PrefectSchedule[];
}

/** One planned run, its values already in the text Prefect stores. */
export interface PrefectRunRow {
  id: string;
  stateId: string;
  name: string;
  flowId: string;
  deploymentId: string;
  /** The schedule's row id, as created_by holds it. */
  scheduleId: string;
  deploymentVersion: string | null;
  workQueueName: string | null;
  workQueueId: string | null;
  infrastructureDocumentId: string | null;
  parameters: string;
  tags: string;
  labels: string;
  createdBy: string;
  idempotencyKey: string;
  /** The key Prefect wrote before 3.2 (`scheduled <deployment id> <time>`): the same slot. */
  legacyKey: string;
  at: Date;
  micro: number;
  stateDetails: string;
}

/** FlowRunPolicy() as Prefect's Pydantic column stores it. */
const EMPIRICAL_POLICY =
  '{"max_retries": 0, "retry_delay_seconds": 0.0, "retries": null, "retry_delay": null, "pause_keys": [], "resuming": false, "retry_type": null}';

/** The pydantic class name Prefect shows for a schedule without a slug. */
const DISPLAY_NAMES: Record<string, string> = {
  cron: 'CronSchedule',
  interval: 'IntervalSchedule',
  rrule: 'RRuleSchedule',
};

/**
 * Prefect 3.6.19+'s selection: not paused, with an active schedule that holds fewer than
 * minRuns future auto-scheduled Scheduled runs it created (created_by id), or whose latest
 * is before now + minScheduledTime. Prefect ignores max_scheduled_runs, and so does this.
 * The counts are LIMIT probes on ix_flow_run__schedule_id_scheduler, as in the tool's own
 * selection (src/pass/schedulingStore.ts says why not EXISTS and count(*)).
 */
async function selectDeploymentsToSchedule(
  db: SqlDatabase,
  afterId: string | null,
  limit: number,
  thresholds: SaturationThresholds,
  onlyIds: string[] | null = null,
): Promise<string[]> {
  const values = PREFECT_VALUES[db.sql.provider];
  const futureRuns = (from: Date) => sql`
    FROM flow_run r
    WHERE r.deployment_id = s.deployment_id AND r.state_type = 'SCHEDULED' AND r.auto_scheduled = ${values.isTrue}
      AND ${values.createdById} = CAST(s.id AS VARCHAR) AND r.next_scheduled_start_time >= ${values.instant(from)}`;
  const held = (from: Date, cap: number) =>
    sql`(SELECT count(*) FROM (SELECT 1 ${futureRuns(from)} LIMIT ${cap}) AS held)`;
  const after = afterId === null ? sql`` : sql`AND d.id > ${afterId}`;
  const only = onlyIds === null ? sql`` : sql`AND d.id IN (${joinSql(onlyIds.map((id) => sql`${id}`))})`;
  const rows = await db.sql.query<{ id: string }>(sql`
    SELECT d.id FROM deployment d
    WHERE d.paused IS NOT ${values.isTrue} ${after} ${only}
      AND (SELECT count(*) FROM (
        SELECT 1 FROM deployment_schedule s
        WHERE s.deployment_id = d.id AND s.active = ${values.isTrue}
          AND (${held(thresholds.now, thresholds.minRuns)} < ${thresholds.minRuns}
            OR (${held(thresholds.now, 1)} > 0 AND ${held(thresholds.minUntil, 1)} = 0))
        LIMIT 1) AS needs_runs) > 0
    ORDER BY d.id
    LIMIT ${limit}`);
  return rows.map((row) => String(row.id));
}

/** The page's deployments with their flow and active schedules (newest first, as Prefect reads them). */
async function loadDeploymentsToSchedule(db: SqlDatabase, ids: string[]): Promise<PrefectDeployment[]> {
  if (ids.length === 0) return [];
  const values = PREFECT_VALUES[db.sql.provider];
  const rows = await db.sql.query<Record<string, unknown>>(sql`
    SELECT d.id, d.name, d.flow_id, f.name AS flow_name, d.version, d.tags, d.labels, d.parameters,
      d.work_queue_name, d.work_queue_id, d.infrastructure_document_id,
      s.id AS schedule_id, s.schedule, s.parameters AS schedule_parameters, s.slug
    FROM deployment d
    JOIN flow f ON f.id = d.flow_id
    JOIN deployment_schedule s ON s.deployment_id = d.id AND s.active = ${values.isTrue}
    WHERE d.id IN (${joinSql(ids.map((id) => sql`${id}`))})
    ORDER BY d.id, s.updated DESC, s.id`);
  const deployments: PrefectDeployment[] = [];
  for (const row of rows) {
    let deployment = deployments[deployments.length - 1];
    if (deployment?.id !== String(row.id)) {
      deployment = {
        id: String(row.id),
        name: String(row.name),
        flowId: String(row.flow_id),
        flowName: String(row.flow_name),
        version: (row.version as string | null) ?? null,
        tags: asStringList(jsonColumn(row.tags)),
        labels: asObject(jsonColumn(row.labels)),
        parameters: asObject(jsonColumn(row.parameters)),
        workQueueName: (row.work_queue_name as string | null) ?? null,
        workQueueId: row.work_queue_id === null ? null : String(row.work_queue_id),
        infrastructureDocumentId:
          row.infrastructure_document_id === null ? null : String(row.infrastructure_document_id),
        schedules: [],
      };
      deployments.push(deployment);
    }
    const slug = (row.slug as string | null) ?? null;
    deployment.schedules.push({
      id: String(row.schedule_id),
      key: slug ?? String(row.schedule_id),
      slug,
      definition: jsonColumn(row.schedule),
      parameters: asObject(jsonColumn(row.schedule_parameters)),
      maxScheduledRuns: null,
      // Catch-up is the tool's own tables' (README "In place of Prefect's scheduler"): the pass skips it here.
      catchup: null,
      activeSince: new Date(0),
      latestRun: null,
    });
  }
  return deployments;
}

/** What `_generate_scheduled_flow_runs` builds for each date (Prefect 3.2+ key and created_by). */
function buildScheduledRuns(
  deployment: PrefectDeployment,
  schedule: PrefectSchedule,
  occurrences: Occurrence[],
  nowMs: number,
): PrefectRunRow[] {
  const definition = schedule.definition as Record<string, unknown>;
  const zone = normalizeTimeZone(definition.timezone as string | null | undefined);
  const kind = ['cron', 'interval', 'rrule'].find((k) => k in definition) ?? 'interval';
  const parameters = pythonJson({ ...deployment.parameters, ...schedule.parameters });
  const tags = pythonJson(['auto-scheduled', ...deployment.tags]);
  const labels = pythonJson({
    ...deployment.labels,
    'prefect.flow.id': deployment.flowId,
    'prefect.deployment.id': deployment.id,
  });
  const createdBy = `{"id": "${schedule.id}", "type": "SCHEDULE", "display_value": ${pythonJson(schedule.slug || DISPLAY_NAMES[kind])}}`;
  return occurrences.map(({ at, micro }) => {
    const time = pythonStr(at, micro, zone);
    return {
      id: uuidv7(nowMs),
      stateId: uuidv7(nowMs),
      name: generateRunName(),
      flowId: deployment.flowId,
      deploymentId: deployment.id,
      scheduleId: schedule.id,
      deploymentVersion: deployment.version,
      workQueueName: deployment.workQueueName,
      workQueueId: deployment.workQueueId,
      infrastructureDocumentId: deployment.infrastructureDocumentId,
      parameters,
      tags,
      labels,
      createdBy,
      idempotencyKey: `scheduled ${deployment.id} ${schedule.id} ${time}`,
      legacyKey: `scheduled ${deployment.id} ${time}`,
      at,
      micro,
      stateDetails: stateDetailsOf(pydanticJson(at, micro, zone)),
    };
  });
}

/** StateDetails(scheduled_time=...) as Prefect's Pydantic column stores it. */
function stateDetailsOf(scheduledTime: string): string {
  return `{"flow_run_id": null, "task_run_id": null, "child_flow_run_id": null, "scheduled_time": "${scheduledTime}", "cache_key": null, "cache_expiration": null, "deferred": false, "untrackable_result": false, "pause_timeout": null, "pause_reschedule": false, "pause_key": null, "run_input_keyset": null, "refresh_cache": null, "retriable": null, "transition_id": null, "task_parameters_id": null, "traceparent": null, "deployment_concurrency_lease_id": null}`;
}

const RUN_COLUMNS = `flow_run (id, created, updated, name, state_type, state_name, run_count, expected_start_time,
  next_scheduled_start_time, total_run_time, flow_id, deployment_id, work_queue_name, deployment_version, parameters,
  idempotency_key, context, empirical_policy, tags, labels, created_by, job_variables, infrastructure_document_id,
  auto_scheduled, work_queue_id, state_id)`;
const STATE_COLUMNS =
  'flow_run_state (id, created, updated, flow_run_id, type, timestamp, name, message, state_details)';

/**
 * The planned runs whose slot already holds a run under another key: a Scheduled
 * auto-scheduled run of the same deployment, schedule (created_by id) and time, whatever
 * its key (keys drift between Prefect versions: the time's text, the schedule id), found
 * on Prefect's ix_flow_run__schedule_id_scheduler; or a run under Prefect's pre-3.2 key
 * (`scheduled <deployment id> <time>`, written without created_by), found on the unique
 * (flow_id, idempotency_key) index. The ON CONFLICT of the insert sees neither.
 */
async function takenSlots(tx: SqlClient, planned: PrefectRunRow[]): Promise<Set<number>> {
  const values = PREFECT_VALUES[tx.provider];
  const slots = joinSql(
    planned.map(
      (run, i) =>
        sql`(${i}, ${run.deploymentId}, ${run.scheduleId}, ${values.instant(run.at, run.micro)}, ${run.flowId}, ${run.legacyKey})`,
    ),
  );
  const rows = await tx.query<{ i: number | string }>(sql`
    WITH v (i, deployment_id, schedule_id, at, flow_id, legacy_key) AS (VALUES ${slots})
    SELECT v.i FROM v
    WHERE EXISTS (
        SELECT 1 FROM flow_run r
        WHERE r.deployment_id = ${values.asUuid(sql`v.deployment_id`)} AND ${values.createdById} = v.schedule_id
          AND r.next_scheduled_start_time = ${values.asInstant(sql`v.at`)}
          AND r.state_type = 'SCHEDULED' AND r.auto_scheduled = ${values.isTrue})
      OR EXISTS (
        SELECT 1 FROM flow_run r
        WHERE r.flow_id = ${values.asUuid(sql`v.flow_id`)} AND r.idempotency_key = v.legacy_key)`);
  return new Set(rows.map((row) => Number(row.i)));
}

/**
 * PostgreSQL: the runs, carrying their state_id, and their states in one statement. The
 * two foreign keys point at each other and cannot be deferred, but a statement's
 * constraint checks run at its end, when both rows exist; a run skipped by ON CONFLICT
 * gets no state. This spares the UPDATE that rewrote every new run (and every index of
 * flow_run, since state_id is indexed) for its state_id.
 */
class RunsWithStates implements Statement {
  constructor(
    readonly runs: RowsInsert,
    readonly states: readonly (readonly [stateId: string, stateDetails: string])[],
  ) {}

  render(provider: Provider): { text: string; values: unknown[] } {
    const head = this.runs.render(provider);
    let n = head.values.length;
    const tuples = this.states.map(() => `($${++n}::uuid, $${++n}::jsonb)`).join(', ');
    return {
      text: `WITH new_runs AS (${head.text})
        INSERT INTO ${STATE_COLUMNS}
        SELECT s.id, r.created, r.created, r.id, 'SCHEDULED', r.created, 'Scheduled', 'Flow run scheduled', s.details
        FROM new_runs r JOIN (VALUES ${tuples}) AS s (id, details) ON s.id = r.state_id
        RETURNING flow_run_id`,
      values: [...head.values, ...this.states.flat()],
    };
  }
}

/**
 * Prefect's four steps, in its order (the two tables' foreign keys point at each other):
 * the runs (ON CONFLICT (flow_id, idempotency_key) DO NOTHING), which of them are new
 * (RETURNING, where Prefect re-selects runs without a state), their Scheduled states, then
 * each new run's state_id; on PostgreSQL in one statement (RunsWithStates). Before them,
 * takenSlots drops the dates whose slot holds a run under another key. Inside the page's
 * transaction, so a run never commits without its state.
 */
async function insertScheduledRuns(tx: SqlClient, planned: PrefectRunRow[], now: Date): Promise<number> {
  if (planned.length === 0) return 0;
  const values = PREFECT_VALUES[tx.provider];
  const taken = await takenSlots(tx, planned);
  const runs = taken.size === 0 ? planned : planned.filter((_, i) => !taken.has(i));
  if (runs.length === 0) return 0;
  const created = values.instant(now);
  const withStateId = tx.provider === 'postgres';
  const runRows = new RowsInsert(
    RUN_COLUMNS,
    runs.map((run) => {
      const at = values.instant(run.at, run.micro);
      return [
        run.id,
        created,
        created,
        run.name,
        'SCHEDULED',
        'Scheduled',
        0,
        at,
        at,
        values.zeroInterval,
        run.flowId,
        run.deploymentId,
        run.workQueueName,
        run.deploymentVersion,
        values.json(run.parameters),
        run.idempotencyKey,
        values.json('{}'),
        values.json(EMPIRICAL_POLICY),
        values.json(run.tags),
        values.json(run.labels),
        values.json(run.createdBy),
        values.json('{}'),
        run.infrastructureDocumentId,
        true,
        run.workQueueId,
        withStateId ? run.stateId : null,
      ];
    }),
    `ON CONFLICT (flow_id, idempotency_key) DO NOTHING RETURNING id${withStateId ? ', state_id, created' : ''}`,
  );
  if (withStateId) {
    const states = runs.map((run) => [run.stateId, run.stateDetails] as const);
    return (await tx.query(new RunsWithStates(runRows, states))).length;
  }
  const inserted = await tx.query<{ id: string }>(runRows);
  if (inserted.length === 0) return 0;
  const byId = new Map(runs.map((run) => [run.id, run]));
  const newRuns = inserted.map((row) => byId.get(String(row.id))!);
  await tx.query(
    new RowsInsert(
      STATE_COLUMNS,
      newRuns.map((run) => [
        run.stateId,
        created,
        created,
        run.id,
        'SCHEDULED',
        created,
        'Scheduled',
        'Flow run scheduled',
        values.json(run.stateDetails),
      ]),
    ),
  );
  await tx.query(sql`
    UPDATE flow_run SET state_id = s.id, updated = ${created}
    FROM flow_run_state s
    WHERE s.id IN (${joinSql(newRuns.map((run) => sql`${run.stateId}`))}) AND flow_run.id = s.flow_run_id`);
  return newRuns.length;
}

export const prefectPassStore: PassStore<PrefectDeployment, PrefectRunRow> = {
  ownTables: false,
  selectDeploymentsToSchedule,
  loadDeploymentsToSchedule,
  buildScheduledRuns,
  insertScheduledRuns,
  readChangeWatermark: (db) => readChangeWatermark(db, prefectInstantForm(db.sql.provider)),
  selectRecentlyChanged: (db, watermark) => selectRecentlyChanged(db, watermark, prefectInstantForm(db.sql.provider)),
  runHealth: prefectRunHealth,
};
