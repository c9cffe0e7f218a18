import type { SqlDatabase } from '../db/openSqlDatabase.js';
import {
  idList,
  emptySql,
  instantText,
  joinSql,
  jsonColumn,
  sql,
  type DriverRow,
  type SqlClient,
  type StagingTable,
} from '../db/sql.js';
import { isCatchupPolicy, type CatchupPolicy } from './catchupPolicies.js';

export interface ScheduleToPlan {
  id: string;
  key: string;
  definition: unknown;
  parameters: Record<string, unknown>;
  maxScheduledRuns: number | null;
  /** The schedule's own catch-up policy, or null to follow the setting. */
  catchup: CatchupPolicy | null;
  /** When it became active in its current form. */
  activeSince: Date;
  /** Its latest run (any state, any time), or null. */
  latestRun: Date | null;
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

/** Which schedules loadDeploymentsToSchedule reads: the pass's active ones, or all (backfill). */
export type ScheduleSelection = 'active' | 'all';

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
  db: SqlDatabase,
  afterId: string | null,
  limit: number,
  thresholds: SaturationThresholds,
  onlyIds: string[] | null = null,
): Promise<string[]> {
  const futureRuns = (from: Date) => sql`
    FROM flow_run r
    WHERE r.deployment_schedule_id = s.id AND r.state_type = 'SCHEDULED' AND r.auto_scheduled = ${true}
      AND r.expected_start_time >= ${from}`;
  const heldUpTo = (cap: number) =>
    sql`(SELECT count(*) FROM (SELECT 1 ${futureRuns(thresholds.now)} LIMIT ${cap}) AS held)`;
  // Likewise a LIMIT 1 probe: PostgreSQL may turn a NOT EXISTS into a hashed scan of every future run.
  const heldFrom = (from: Date) => sql`(SELECT count(*) FROM (SELECT 1 ${futureRuns(from)} LIMIT 1) AS beyond)`;
  const capOr = (
    fallback: number,
  ) => sql`CASE WHEN s.max_scheduled_runs IS NOT NULL AND s.max_scheduled_runs < ${fallback}
    THEN s.max_scheduled_runs ELSE ${fallback} END`;
  // Scalar probes with LIMIT, not EXISTS: PostgreSQL flattens an EXISTS into a join and
  // then evaluated the saturation test for every schedule after the cursor on each page
  // (quadratic: a 10,000-deployment pass took 13x a 1,000 one). A LIMIT subquery stays
  // correlated, so the scan walks deployments in id order and stops after `limit`.
  const after = afterId === null ? emptySql : sql`AND d.id > ${afterId}`;
  const only = onlyIds === null ? emptySql : sql`AND d.id IN (${idList(onlyIds)})`;
  const rows = await db.sql.query<{ id: string }>(sql`
    SELECT d.id FROM deployment d
    WHERE d.paused = ${false} ${after} ${only}
      AND (SELECT count(*) FROM (
        SELECT 1 FROM deployment_schedule s
        WHERE s.deployment_id = d.id AND s.active = ${true}
          AND NOT (
            (${heldUpTo(thresholds.minRuns)} >= ${capOr(thresholds.minRuns)} AND ${heldFrom(thresholds.minUntil)} > 0)
            OR ${heldUpTo(thresholds.maxRuns)} >= ${capOr(thresholds.maxRuns)}
          )
        LIMIT 1) AS needs_runs) > 0
    ORDER BY d.id
    LIMIT ${limit}`);
  return rows.map((row) => row.id);
}

/**
 * The deployments of a page with their flow and active schedules (or all of them: a backfill
 * may name an inactive one), in one query, with what the catch-up check needs: each
 * schedule's latest run (any state), found on flow_run_deployment_time_idx.
 */
export async function loadDeploymentsToSchedule(
  db: SqlDatabase,
  ids: string[],
  schedules: ScheduleSelection = 'active',
): Promise<DeploymentToSchedule[]> {
  if (ids.length === 0) return [];
  const rows = await db.sql.query<{
    id: string;
    name: string;
    flow_id: string;
    flow_name: string;
    tags: unknown;
    parameters: unknown;
    work_queue_name: string | null;
    schedule_id: string;
    key: string;
    schedule: unknown;
    schedule_parameters: unknown;
    max_scheduled_runs: number | null;
    catchup: string | null;
    active_since: Date | string;
    latest_run: Date | string | null;
  }>(sql`
    SELECT d.id, d.name, d.flow_id, f.name AS flow_name, d.tags, d.parameters, d.work_queue_name,
      s.id AS schedule_id, s.key, s.schedule, s.parameters AS schedule_parameters, s.max_scheduled_runs,
      s.catchup, COALESCE(s.active_since, s.updated) AS active_since,
      (SELECT r.expected_start_time FROM flow_run r
        WHERE r.deployment_id = d.id AND r.deployment_schedule_id = s.id
        ORDER BY r.expected_start_time DESC LIMIT 1) AS latest_run
    FROM deployment d
    JOIN flow f ON f.id = d.flow_id
    JOIN deployment_schedule s ON s.deployment_id = d.id ${schedules === 'all' ? emptySql : sql`AND s.active = ${true}`}
    WHERE d.id IN (${idList(ids)})
    ORDER BY d.id, s.id`);
  const deployments: DeploymentToSchedule[] = [];
  for (const row of rows) {
    let deployment = deployments[deployments.length - 1];
    if (deployment?.id !== row.id) {
      deployment = {
        id: row.id,
        name: row.name,
        flowId: row.flow_id,
        flowName: row.flow_name,
        tags: asStringList(jsonColumn(row.tags)),
        parameters: asObject(jsonColumn(row.parameters)),
        workQueueName: row.work_queue_name,
        schedules: [],
      };
      deployments.push(deployment);
    }
    deployment.schedules.push({
      id: row.schedule_id,
      key: row.key,
      definition: jsonColumn(row.schedule),
      parameters: asObject(jsonColumn(row.schedule_parameters)),
      maxScheduledRuns: row.max_scheduled_runs,
      catchup: isCatchupPolicy(row.catchup) ? row.catchup : null,
      activeSince: new Date(row.active_since),
      latestRun: row.latest_run === null ? null : new Date(row.latest_run),
    });
  }
  return deployments;
}

/** What the recent-deployments check found, and the watermark to ask from next time. */
export interface RecentChanges {
  deploymentIds: string[];
  watermark: Date;
}

/** Before any write: a watermark below every row. */
const BEFORE_ANY_WRITE = new Date(0);

/**
 * How a data model's `updated` columns hold an instant: what a bound watermark must look
 * like to compare with them, and how a read one becomes a Date. The tool's own tables take
 * a Date as the driver binds it; Prefect's SQLite keeps its own text form (src/prefect).
 */
export interface InstantForm {
  bind(at: Date): unknown;
  read(value: unknown): Date;
}

const OWN_INSTANTS: InstantForm = { bind: (at) => at, read: (value) => new Date(value as string | Date) };

/**
 * The newest `updated` of any deployment or schedule (two index seeks): what a full pass
 * starting now will see, so the recent-deployments check starts above it.
 */
export async function readChangeWatermark(db: SqlDatabase, form: InstantForm = OWN_INSTANTS): Promise<Date> {
  const [latest] = await db.sql.query<{ deployment: unknown; schedule: unknown }>(sql`
    SELECT (SELECT max(updated) FROM deployment) AS deployment, (SELECT max(updated) FROM deployment_schedule) AS schedule`);
  const newest = [latest?.deployment, latest?.schedule]
    .filter((value) => value !== null && value !== undefined)
    .map((value) => form.read(value).getTime());
  return newest.length === 0 ? BEFORE_ANY_WRITE : new Date(Math.max(...newest));
}

/**
 * Deployments whose row or one of whose schedules was written at or after `watermark`, by
 * any writer: seeks on deployment_updated_idx and deployment_schedule_updated_idx. At, not
 * after: a writer may commit a row stamped with the watermark's instant after it was read;
 * the pass's selection drops the ones that need no runs.
 */
export async function selectRecentlyChanged(
  db: SqlDatabase,
  watermark: Date,
  form: InstantForm = OWN_INSTANTS,
): Promise<RecentChanges> {
  // Read first: a row committed between the two reads is found again next time.
  const next = await readChangeWatermark(db, form);
  const since = form.bind(watermark);
  // UNION ALL, deduplicated here: with UNION, SQLite merges two id-ordered scans of whole tables
  // instead of seeking the updated indexes (12.8 ms against 0.01 ms at 10,000 deployments).
  const rows = await db.sql.query<{ id: string }>(sql`
    SELECT id FROM deployment WHERE updated >= ${since}
    UNION ALL
    SELECT deployment_id AS id FROM deployment_schedule WHERE updated >= ${since}`);
  return {
    deploymentIds: [...new Set(rows.map((row) => row.id))].sort(),
    watermark: next.getTime() > watermark.getTime() ? next : watermark,
  };
}

/**
 * Inserts a batch of runs and their Scheduled state rows; a run whose (flow, idempotency
 * key) exists is skipped, on both databases and across processes, and only the runs
 * really inserted get a state row. Call it inside a transaction, so runs and states commit
 * together. Returns the runs actually inserted. Each database takes the way its bare driver
 * inserts fastest (README "Performance"): prepared single-row statements on SQLite, COPY
 * into a staging table and one INSERT ... SELECT on PostgreSQL. Neither binds a value per
 * column of the batch in one statement, so any insertBatchSize fits the drivers' limits.
 */
export async function insertScheduledRuns(
  tx: SqlClient,
  runs: ScheduledRunRow[],
  now: Date,
): Promise<ScheduledRunRow[]> {
  if (runs.length === 0) return [];
  const nowText = instantText(now);
  if (tx.copyInto) return insertThroughStaging(tx, tx.copyInto.bind(tx), runs, nowText);
  if (tx.runForEachRow) return insertRowByRow(tx.runForEachRow.bind(tx), runs, nowText);
  throw new Error(`no bulk insert for ${tx.provider}`);
}

const RUN_COLUMNS = `id, name, flow_id, deployment_id, deployment_schedule_id, work_queue_name, parameters, tags,
  idempotency_key, expected_start_time, next_scheduled_start_time, created, updated, auto_scheduled, state_type, state_name`;
const STATE_COLUMNS = 'id, flow_run_id, timestamp, scheduled_time, type, name, message';

/** A run's own values, in the order of RUN_COLUMNS up to expected_start_time. */
function runColumns(run: ScheduledRunRow, startText: string): DriverRow {
  return [
    run.id,
    run.name,
    run.flowId,
    run.deploymentId,
    run.deploymentScheduleId,
    run.workQueueName,
    run.parameters,
    run.tags,
    run.idempotencyKey,
    startText,
  ];
}

const SQLITE_RUN_INSERT = `INSERT INTO flow_run (${RUN_COLUMNS})
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'SCHEDULED', 'Scheduled')
  ON CONFLICT (flow_id, idempotency_key) DO NOTHING`;
const SQLITE_STATE_INSERT = `INSERT INTO flow_run_state (${STATE_COLUMNS})
  VALUES (?, ?, ?, ?, 'SCHEDULED', 'Scheduled', 'Flow run scheduled')`;

async function insertRowByRow(
  runForEachRow: NonNullable<SqlClient['runForEachRow']>,
  runs: ScheduledRunRow[],
  nowText: string,
): Promise<ScheduledRunRow[]> {
  const startTexts = runs.map((run) => instantText(run.expectedStartTime));
  const inserted = await runForEachRow(
    SQLITE_RUN_INSERT,
    runs.map((run, i) => [...runColumns(run, startTexts[i]!), startTexts[i]!, nowText, nowText]),
  );
  const insertedRuns: ScheduledRunRow[] = [];
  const states: DriverRow[] = [];
  runs.forEach((run, i) => {
    if (!inserted[i]) return;
    insertedRuns.push(run);
    states.push([run.stateId, run.id, nowText, startTexts[i]!]);
  });
  await runForEachRow(SQLITE_STATE_INSERT, states);
  return insertedRuns;
}

/** A batch of runs on its way in (PostgreSQL): COPY fills it, the insert empties it. */
const RUN_STAGING: StagingTable = {
  name: 'scheduled_run_staging',
  columns: [
    ['id', 'text'],
    ['name', 'text'],
    ['flow_id', 'text'],
    ['deployment_id', 'text'],
    ['deployment_schedule_id', 'text'],
    ['work_queue_name', 'text'],
    ['parameters', 'jsonb'],
    ['tags', 'jsonb'],
    ['idempotency_key', 'text'],
    ['expected_start_time', 'timestamptz'],
    ['state_id', 'text'],
  ],
};

/**
 * One statement: it empties the staging table (DELETE ... RETURNING), inserts the runs that
 * do not conflict, and gives a state row to exactly those. $1 is `now`.
 */
const STAGED_INSERT = `
  WITH batch AS (DELETE FROM ${RUN_STAGING.name} RETURNING *),
  inserted AS (
    INSERT INTO flow_run (${RUN_COLUMNS})
    SELECT id, name, flow_id, deployment_id, deployment_schedule_id, work_queue_name, parameters, tags,
      idempotency_key, expected_start_time, expected_start_time, $1::timestamptz, $1::timestamptz,
      true, 'SCHEDULED', 'Scheduled'
    FROM batch
    ON CONFLICT (flow_id, idempotency_key) DO NOTHING
    RETURNING id)
  INSERT INTO flow_run_state (${STATE_COLUMNS})
  SELECT b.state_id, b.id, $1::timestamptz, b.expected_start_time, 'SCHEDULED', 'Scheduled', 'Flow run scheduled'
  FROM batch b JOIN inserted i ON i.id = b.id
  RETURNING flow_run_id AS id`;

async function insertThroughStaging(
  tx: SqlClient,
  copyInto: NonNullable<SqlClient['copyInto']>,
  runs: ScheduledRunRow[],
  nowText: string,
): Promise<ScheduledRunRow[]> {
  await copyInto(
    RUN_STAGING,
    runs.map((run) => [...runColumns(run, instantText(run.expectedStartTime)), run.stateId]),
  );
  const inserted = await tx.query<{ id: string }>({ render: () => ({ text: STAGED_INSERT, values: [nowText] }) });
  const byId = new Map(runs.map((run) => [run.id, run]));
  return inserted.map((row) => byId.get(row.id)!);
}

/**
 * Which of these runs already have a run under their idempotency key (any state), by index:
 * the ones the insert's ON CONFLICT skips. flow_run has these columns on every data model.
 */
export async function findExistingKeys(
  client: SqlClient,
  runs: ReadonlyArray<{ flowId: string; idempotencyKey: string }>,
): Promise<Set<number>> {
  if (runs.length === 0) return new Set();
  const rows = await client.query<{ flow_id: unknown; idempotency_key: string }>(sql`
    SELECT flow_id, idempotency_key FROM flow_run
    WHERE flow_id IN (${idList([...new Set(runs.map((run) => run.flowId))])})
      AND idempotency_key IN (${joinSql(runs.map((run) => sql`${run.idempotencyKey}`))})`);
  const existing = new Set(rows.map((row) => `${String(row.flow_id)} ${row.idempotency_key}`));
  const held = new Set<number>();
  runs.forEach((run, i) => {
    if (existing.has(`${run.flowId} ${run.idempotencyKey}`)) held.add(i);
  });
  return held;
}

export function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function asStringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
