/**
 * The pass on a Prefect 3 server's own tables (README "In place of Prefect's scheduler"):
 * the deployments Prefect 3.6.19+ selects, and for each planned date the flow run, its
 * Scheduled state and the run's state_id, column for column as Prefect's
 * `_generate_scheduled_flow_runs` and `_insert_scheduled_flow_runs` write them.
 */
import type { SqlDatabase } from '../db/openSqlDatabase.js';
import {
  idList,
  emptySql,
  joinSql,
  jsonColumn,
  RowsInsert,
  rawSql,
  type Sql,
  sql,
  type SqlClient,
  type Statement,
} from '../db/sql.js';
import { uuidv7 } from '../ids.js';
import { scheduledRunTags, type RunOrigin } from '../pass/buildScheduledRuns.js';
import type { PassStore } from '../pass/passStore.js';
import {
  asObject,
  asStringList,
  type DeploymentToSchedule,
  readChangeWatermark,
  selectRecentlyChanged,
  type SaturationThresholds,
  type ScheduleSelection,
  type ScheduleToPlan,
} from '../pass/schedulingStore.js';
import { generateRunName } from '../runs/runName.js';
import { normalizeTimeZone, type Occurrence } from '../schedule/index.js';
import { prefectRunHealth } from './prefectRunHealth.js';
import { PREFECT_VALUES, prefectInstantForm, type PrefectValues, SQLITE_ZERO_INTERVAL } from './prefectValues.js';
import { postgresTimestamp, pydanticJson, pythonJson, pythonStr, sqliteTimestamp } from './pythonText.js';

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

/** What every run of one schedule shares, in the text Prefect stores. */
export interface PrefectRunTemplate {
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
}

/** One planned run: its own values, and its schedule's shared ones. */
export interface PrefectRunRow {
  id: string;
  stateId: string;
  name: string;
  idempotencyKey: string;
  /** The key Prefect wrote before 3.2 (`scheduled <deployment id> <time>`): the same slot. */
  legacyKey: string;
  at: Date;
  micro: number;
  /** The state's scheduled_time as Pydantic prints it. */
  scheduledTime: string;
  template: PrefectRunTemplate;
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
  const only = onlyIds === null ? emptySql : sql`AND d.id IN (${idList(onlyIds)})`;
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

/**
 * The page's deployments with their flow and active schedules, or all of them for a backfill
 * (newest first, as Prefect reads them).
 */
async function loadDeploymentsToSchedule(
  db: SqlDatabase,
  ids: string[],
  schedules: ScheduleSelection = 'active',
): Promise<PrefectDeployment[]> {
  if (ids.length === 0) return [];
  const values = PREFECT_VALUES[db.sql.provider];
  const rows = await db.sql.query<Record<string, unknown>>(sql`
    SELECT d.id, d.name, d.flow_id, f.name AS flow_name, d.version, d.tags, d.labels, d.parameters,
      d.work_queue_name, d.work_queue_id, d.infrastructure_document_id,
      s.id AS schedule_id, s.schedule, s.parameters AS schedule_parameters, s.slug
    FROM deployment d
    JOIN flow f ON f.id = d.flow_id
    JOIN deployment_schedule s ON s.deployment_id = d.id ${schedules === 'all' ? emptySql : sql`AND s.active = ${values.isTrue}`}
    WHERE d.id IN (${idList(ids)})
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

/**
 * What `_generate_scheduled_flow_runs` builds for each date (Prefect 3.2+ key and created_by);
 * a backfilled run also carries the tag `backfill`, as on the tool's own tables.
 */
function buildScheduledRuns(
  deployment: PrefectDeployment,
  schedule: PrefectSchedule,
  occurrences: Occurrence[],
  nowMs: number,
  origin: RunOrigin | null = null,
): PrefectRunRow[] {
  const definition = schedule.definition as Record<string, unknown>;
  const zone = normalizeTimeZone(definition.timezone as string | null | undefined);
  const kind = ['cron', 'interval', 'rrule'].find((k) => k in definition) ?? 'interval';
  const parameters = pythonJson({ ...deployment.parameters, ...schedule.parameters });
  const tags = pythonJson(scheduledRunTags(deployment.tags, origin));
  const labels = pythonJson({
    ...deployment.labels,
    'prefect.flow.id': deployment.flowId,
    'prefect.deployment.id': deployment.id,
  });
  const template: PrefectRunTemplate = {
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
    createdBy: `{"id": "${schedule.id}", "type": "SCHEDULE", "display_value": ${pythonJson(schedule.slug || DISPLAY_NAMES[kind])}}`,
  };
  return occurrences.map(({ at, micro }) => {
    const time = pythonStr(at, micro, zone);
    return {
      id: uuidv7(nowMs),
      stateId: uuidv7(nowMs),
      name: generateRunName(),
      idempotencyKey: `scheduled ${deployment.id} ${schedule.id} ${time}`,
      legacyKey: `scheduled ${deployment.id} ${time}`,
      at,
      micro,
      scheduledTime: pydanticJson(at, micro, zone),
      template,
    };
  });
}

/** StateDetails(scheduled_time=...) as Prefect's Pydantic column stores it. */
function stateDetailsOf(scheduledTime: string | null): string {
  const time = scheduledTime === null ? 'null' : `"${scheduledTime}"`;
  return `{"flow_run_id": null, "task_run_id": null, "child_flow_run_id": null, "scheduled_time": ${time}, "cache_key": null, "cache_expiration": null, "deferred": false, "untrackable_result": false, "pause_timeout": null, "pause_reschedule": false, "pause_key": null, "run_input_keyset": null, "refresh_cache": null, "retriable": null, "transition_id": null, "task_parameters_id": null, "traceparent": null, "deployment_concurrency_lease_id": null}`;
}

/** Prefect's state details with scheduled_time left to set per run (PostgreSQL sets it in SQL). */
const STATE_DETAILS = stateDetailsOf(null);

const RUN_COLUMNS = `flow_run (id, created, updated, name, state_type, state_name, run_count, expected_start_time,
  next_scheduled_start_time, total_run_time, flow_id, deployment_id, work_queue_name, deployment_version, parameters,
  idempotency_key, context, empirical_policy, tags, labels, created_by, job_variables, infrastructure_document_id,
  auto_scheduled, work_queue_id, state_id)`;
const STATE_COLUMNS =
  'flow_run_state (id, created, updated, flow_run_id, type, timestamp, name, message, state_details)';

/** Where a planned run's slot is read from: SQL expressions for its columns. */
interface SlotColumns {
  deploymentId: Sql;
  scheduleId: Sql;
  at: Sql;
  flowId: Sql;
  legacyKey: Sql;
}

/**
 * True when a planned run's slot already holds a run under another key: a Scheduled
 * auto-scheduled run of the same deployment, schedule (created_by id) and time, whatever
 * its key (keys drift between Prefect versions: the time's text, the schedule id), found
 * on Prefect's ix_flow_run__schedule_id_scheduler; or a run under Prefect's pre-3.2 key
 * (`scheduled <deployment id> <time>`, written without created_by), found on the unique
 * (flow_id, idempotency_key) index. The ON CONFLICT of the insert sees neither.
 * Scalar subqueries with LIMIT 1, not EXISTS: PostgreSQL may run an `EXISTS ... OR EXISTS`
 * as a hashed subplan that reads every Scheduled run of the table once per batch (337 ms
 * for a batch at 100,000 runs, against 4 ms for the batch's index probes; README "In place of Prefect's scheduler").
 */
function slotHeld(values: PrefectValues, slot: SlotColumns): Sql {
  return sql`((
      SELECT 1 FROM flow_run r
      WHERE r.deployment_id = ${slot.deploymentId} AND ${values.createdById} = ${slot.scheduleId}
        AND r.next_scheduled_start_time = ${slot.at}
        AND r.state_type = 'SCHEDULED' AND r.auto_scheduled = ${values.isTrue}
      LIMIT 1) IS NOT NULL
    OR (
      SELECT 1 FROM flow_run r
      WHERE r.flow_id = ${slot.flowId} AND r.idempotency_key = ${slot.legacyKey}
      LIMIT 1) IS NOT NULL)`;
}

/**
 * Which planned runs the insert would skip, by index: their slot is held (slotHeld) or
 * their own key exists, in any state. Preview and backfill read it to say `scheduled` and
 * `exists`; the SQLite insert reads the slots only, its ON CONFLICT sees the keys.
 */
async function heldSlots(client: SqlClient, planned: PrefectRunRow[], ownKeys = true): Promise<Set<number>> {
  if (planned.length === 0) return new Set();
  const values = PREFECT_VALUES[client.provider];
  const slots = joinSql(
    planned.map(
      ({ template: t, ...run }, i) =>
        sql`(${i}, ${t.deploymentId}, ${t.scheduleId}, ${values.instant(run.at, run.micro)}, ${t.flowId}, ${run.legacyKey}, ${run.idempotencyKey})`,
    ),
  );
  const flowId = values.asUuid(rawSql('v.flow_id'));
  const held = slotHeld(values, {
    deploymentId: values.asUuid(rawSql('v.deployment_id')),
    scheduleId: rawSql('v.schedule_id'),
    at: values.asInstant(rawSql('v.at')),
    flowId,
    legacyKey: rawSql('v.legacy_key'),
  });
  const rows = await client.query<{ i: number | string }>(sql`
    WITH v (i, deployment_id, schedule_id, at, flow_id, legacy_key, idempotency_key) AS (VALUES ${slots})
    SELECT v.i FROM v
    WHERE ${held} ${ownKeys ? sql`OR (SELECT 1 FROM flow_run r WHERE r.flow_id = ${flowId} AND r.idempotency_key = v.idempotency_key LIMIT 1) IS NOT NULL` : emptySql}`);
  return new Set(rows.map((row) => Number(row.i)));
}

/**
 * PostgreSQL, one statement per batch: the runs whose slot is free (slotHeld), carrying
 * their state_id, and their states. Values are bound as arrays read back with unnest:
 * each schedule's shared values once (the templates), each run's own once. Prefect's
 * database takes no staging table of the tool's (the own data model's COPY path), and a
 * VALUES list of 500 rows x 26 columns cost ~90 ms per batch to bind and plan, more than
 * the rows took to write (README "In place of Prefect's scheduler"). The state's details are Prefect's with
 * the run's scheduled_time set in SQL, not one JSON text per run to parse. The two
 * foreign keys point at each other and cannot be deferred, but a statement's constraint
 * checks run at its end, when both rows exist; a run skipped by ON CONFLICT gets no
 * state. This spares the UPDATE that rewrote every new run (and every index of flow_run,
 * since state_id is indexed) for its state_id.
 */
const RUNS_WITH_STATES = `WITH t AS (
    SELECT * FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::uuid[],
      $10::jsonb[], $11::jsonb[], $12::jsonb[], $13::jsonb[])
      WITH ORDINALITY AS t (flow_id, deployment_id, schedule_id, deployment_version, work_queue_name, work_queue_id,
        infrastructure_document_id, parameters, tags, labels, created_by, n)),
  new_runs AS (
    INSERT INTO ${RUN_COLUMNS}
    SELECT u.id, $1::timestamptz, $1::timestamptz, u.name, 'SCHEDULED', 'Scheduled', 0, u.at, u.at, '0',
      t.flow_id, t.deployment_id, t.work_queue_name, t.deployment_version, t.parameters, u.idempotency_key, '{}',
      $2::jsonb, t.tags, t.labels, t.created_by, '{}', t.infrastructure_document_id, true, t.work_queue_id, u.state_id
    FROM unnest($14::int[], $15::uuid[], $16::uuid[], $17::text[], $18::timestamptz[], $19::text[], $20::text[])
      AS u (template, id, state_id, name, at, idempotency_key, legacy_key)
    JOIN t ON t.n = u.template
    WHERE NOT ${
      slotHeld(PREFECT_VALUES.postgres, {
        deploymentId: rawSql('t.deployment_id'),
        scheduleId: rawSql('t.schedule_id'),
        at: rawSql('u.at'),
        flowId: rawSql('t.flow_id'),
        legacyKey: rawSql('u.legacy_key'),
      }).render('postgres').text
    }
    ON CONFLICT (flow_id, idempotency_key) DO NOTHING
    RETURNING id, state_id)
  INSERT INTO ${STATE_COLUMNS}
  SELECT s.id, $1::timestamptz, $1::timestamptz, r.id, 'SCHEDULED', $1::timestamptz, 'Scheduled', 'Flow run scheduled',
    $21::jsonb || jsonb_build_object('scheduled_time', s.scheduled_time)
  FROM new_runs r JOIN unnest($16::uuid[], $22::text[]) AS s (id, scheduled_time) ON s.id = r.state_id
  RETURNING flow_run_id`;

class RunsWithStates implements Statement {
  constructor(
    readonly runs: readonly PrefectRunRow[],
    readonly created: string,
  ) {}

  render(): { text: string; values: unknown[] } {
    const templates = new Map<PrefectRunTemplate, number>();
    for (const run of this.runs) if (!templates.has(run.template)) templates.set(run.template, templates.size + 1);
    const shared = <T>(pick: (template: PrefectRunTemplate) => T) => Array.from(templates.keys(), pick);
    const own = <T>(pick: (run: PrefectRunRow) => T) => this.runs.map(pick);
    return {
      text: RUNS_WITH_STATES,
      values: [
        this.created,
        EMPIRICAL_POLICY,
        shared((t) => t.flowId),
        shared((t) => t.deploymentId),
        shared((t) => t.scheduleId),
        shared((t) => t.deploymentVersion),
        shared((t) => t.workQueueName),
        shared((t) => t.workQueueId),
        shared((t) => t.infrastructureDocumentId),
        shared((t) => t.parameters),
        shared((t) => t.tags),
        shared((t) => t.labels),
        shared((t) => t.createdBy),
        own((run) => templates.get(run.template)!),
        own((run) => run.id),
        own((run) => run.stateId),
        own((run) => run.name),
        own((run) => postgresTimestamp(run.at, run.micro)),
        own((run) => run.idempotencyKey),
        own((run) => run.legacyKey),
        STATE_DETAILS,
        own((run) => run.scheduledTime),
      ],
    };
  }
}

/**
 * Prefect's four steps, in its order (the two tables' foreign keys point at each other):
 * the runs (ON CONFLICT (flow_id, idempotency_key) DO NOTHING), which of them are new
 * (RETURNING, where Prefect re-selects runs without a state), their Scheduled states, then
 * each new run's state_id; on PostgreSQL in one statement (RunsWithStates). Dates whose
 * slot holds a run under another key are left out first (slotHeld). Inside the page's
 * transaction, so a run never commits without its state.
 */
async function insertScheduledRuns(tx: SqlClient, planned: PrefectRunRow[], now: Date): Promise<number> {
  if (planned.length === 0) return 0;
  if (tx.provider === 'postgres')
    return (await tx.query(new RunsWithStates(planned, postgresTimestamp(now, 0)))).length;
  const created = sqliteTimestamp(now, 0);
  let inserted = 0;
  for (let at = 0; at < planned.length; at += SQLITE_RUNS_PER_STATEMENT) {
    inserted += await insertOnSqlite(tx, planned.slice(at, at + SQLITE_RUNS_PER_STATEMENT), created);
  }
  return inserted;
}

/**
 * Runs per SQLite statement: a run binds 26 values and SQLite takes at most 32,766 in one
 * statement, while insertBatchSize goes up to 5,000.
 */
const SQLITE_RUNS_PER_STATEMENT = 500;

/**
 * SQLite, in Prefect's order: the runs whose slot is free (heldSlots), their states, then
 * each new run's state_id. Inserting the runs with their state_id under deferred foreign
 * keys instead was slower (6.6-6.8 s against 7.0-8.0 s for 1,000 x 100 runs): with
 * violations pending, SQLite looks up the child tables for every parent row inserted.
 */
async function insertOnSqlite(tx: SqlClient, planned: PrefectRunRow[], created: string): Promise<number> {
  const held = await heldSlots(tx, planned, false);
  const runs = held.size === 0 ? planned : planned.filter((_, i) => !held.has(i));
  if (runs.length === 0) return 0;
  const inserted = await tx.query<{ id: string }>(
    new RowsInsert(
      RUN_COLUMNS,
      runs.map(({ template: t, ...run }) => {
        const at = sqliteTimestamp(run.at, run.micro);
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
          SQLITE_ZERO_INTERVAL,
          t.flowId,
          t.deploymentId,
          t.workQueueName,
          t.deploymentVersion,
          t.parameters,
          run.idempotencyKey,
          '{}',
          EMPIRICAL_POLICY,
          t.tags,
          t.labels,
          t.createdBy,
          '{}',
          t.infrastructureDocumentId,
          true,
          t.workQueueId,
          null,
        ];
      }),
      'ON CONFLICT (flow_id, idempotency_key) DO NOTHING RETURNING id',
    ),
  );
  if (inserted.length === 0) return 0;
  const byId = new Map(runs.map((run) => [run.id, run]));
  await tx.query(
    new RowsInsert(
      STATE_COLUMNS,
      inserted.map(({ id }) => {
        const run = byId.get(String(id))!;
        return [
          run.stateId,
          created,
          created,
          run.id,
          'SCHEDULED',
          created,
          'Scheduled',
          'Flow run scheduled',
          stateDetailsOf(run.scheduledTime),
        ];
      }),
    ),
  );
  await tx.query(sql`
    UPDATE flow_run SET state_id = s.id, updated = ${created}
    FROM flow_run_state s
    WHERE s.id IN (${joinSql(inserted.map(({ id }) => sql`${byId.get(String(id))!.stateId}`))}) AND flow_run.id = s.flow_run_id`);
  return inserted.length;
}

export const prefectPassStore: PassStore<PrefectDeployment, PrefectRunRow> = {
  ownTables: false,
  selectDeploymentsToSchedule,
  loadDeploymentsToSchedule,
  buildScheduledRuns,
  insertScheduledRuns,
  heldSlots: (client, runs) => heldSlots(client, runs),
  readChangeWatermark: (db) => readChangeWatermark(db, prefectInstantForm(db.sql.provider)),
  selectRecentlyChanged: (db, watermark) => selectRecentlyChanged(db, watermark, prefectInstantForm(db.sql.provider)),
  runHealth: prefectRunHealth,
};
