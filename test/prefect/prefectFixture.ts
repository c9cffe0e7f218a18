/**
 * A Prefect 3 database for tests (our DDL of Prefect's tables, prefectSchema.ts) and rows
 * shaped as Prefect's API writes them: JSON as json.dumps text, SQLite timestamps as
 * SQLAlchemy's UTC text, 36-character lowercase UUIDs.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Provider } from '../../src/db/databaseUrl.js';
import { createTestDatabase } from '../helpers/testDatabase.js';
import { PREFECT_HEAD, prefectDdl } from './prefectSchema.js';

/** Saturday 07:00 in New York, the day before the 2027 spring-forward (2027-03-14 02:00 -> 03:00): the tests' now. */
export const SPRING_FORWARD_EVE = new Date('2027-03-13T12:00:00.000Z');

export interface PrefectFixture {
  provider: Provider;
  url: string;
  /** `?` placeholders on both databases; rows as the driver returns them. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export async function createPrefectDatabase(
  provider: Provider,
  revision = PREFECT_HEAD[provider],
): Promise<PrefectFixture> {
  const testDb = await createTestDatabase(provider);
  let query: PrefectFixture['query'];
  let close: () => Promise<void>;
  if (provider === 'sqlite') {
    const db = new Database(testDb.url.slice('file:'.length));
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    query = async <T>(text: string, params: unknown[] = []) => {
      const statement = db.prepare(text);
      if (statement.reader) return statement.all(params) as T[];
      statement.run(params);
      return [];
    };
    close = async () => void db.close();
  } else {
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    query = async <T>(text: string, params: unknown[] = []) => {
      let n = 0;
      return (
        await client.query(
          text.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows as T[];
    };
    close = () => client.end();
  }
  for (const statement of prefectDdl(provider)) await query(statement);
  await query('INSERT INTO alembic_version (version_num) VALUES (?)', [revision]);
  return {
    provider,
    url: testDb.url,
    query,
    drop: async () => {
      await close();
      await testDb.drop();
    },
  };
}

export interface PrefectScheduleSpec {
  /** The schedule column's text, as Prefect's Pydantic column stores it. */
  schedule: string;
  active?: boolean;
  slug?: string | null;
  /** JSON text. */
  parameters?: string;
}

export interface PrefectDeploymentSpec {
  flow: string;
  name: string;
  version?: string | null;
  paused?: boolean;
  workQueueName?: string | null;
  withWorkQueue?: boolean;
  /** JSON text (json.dumps form). */
  tags?: string;
  labels?: string | null;
  parameters?: string;
  schedules: PrefectScheduleSpec[];
}

/** An hourly interval anchored with microseconds, as Prefect's default anchor (the creation time) is. */
export const HOURLY_WITH_MICROSECONDS: PrefectDeploymentSpec = {
  flow: 'report',
  name: 'hourly',
  schedules: [{ schedule: '{"interval": 3600.0, "anchor_date": "2027-01-01T00:00:00.964696Z", "timezone": "UTC"}' }],
};

/** A paused deployment: no pass schedules it. */
export const PAUSED_EVERY_MINUTE: PrefectDeploymentSpec = {
  flow: 'report',
  name: 'paused',
  paused: true,
  schedules: [{ schedule: '{"interval": 60.0, "anchor_date": "2027-01-01T00:00:00Z", "timezone": "UTC"}' }],
};

export interface AddedDeployment {
  flowId: string;
  deploymentId: string;
  workQueueId: string | null;
  scheduleIds: string[];
}

/** What Prefect's API writes for `prefect deploy`: the flow (if new), the deployment and its schedules. */
export async function addPrefectDeployment(fx: PrefectFixture, spec: PrefectDeploymentSpec): Promise<AddedDeployment> {
  const bool = (b: boolean) => (fx.provider === 'sqlite' ? (b ? 1 : 0) : b);
  const existing = await fx.query<{ id: string }>('SELECT id FROM flow WHERE name = ?', [spec.flow]);
  const flowId = existing[0]?.id ?? randomUUID();
  if (existing.length === 0) await fx.query('INSERT INTO flow (id, name) VALUES (?, ?)', [flowId, spec.flow]);
  const workQueueId = spec.withWorkQueue ? randomUUID() : null;
  if (workQueueId) await fx.query('INSERT INTO work_queue (id) VALUES (?)', [workQueueId]);
  const deploymentId = randomUUID();
  await fx.query(
    `INSERT INTO deployment (id, name, version, work_queue_name, status, flow_id, work_queue_id, paused, tags, labels,
      parameters, pull_steps, parameter_openapi_schema, enforce_parameter_schema, created_by, updated_by)
     VALUES (?, ?, ?, ?, 'READY', ?, ?, ?, ?, ?, ?, '[]', '{}', ?, NULL, NULL)`,
    [
      deploymentId,
      spec.name,
      spec.version ?? null,
      spec.workQueueName ?? 'default',
      flowId,
      workQueueId,
      bool(spec.paused ?? false),
      spec.tags ?? '[]',
      spec.labels ?? null,
      spec.parameters ?? '{}',
      bool(true),
    ],
  );
  const scheduleIds: string[] = [];
  for (const schedule of spec.schedules) {
    const id = randomUUID();
    scheduleIds.push(id);
    await fx.query(
      'INSERT INTO deployment_schedule (id, deployment_id, schedule, active, max_scheduled_runs, parameters, slug) VALUES (?, ?, ?, ?, NULL, ?, ?)',
      [
        id,
        deploymentId,
        schedule.schedule,
        bool(schedule.active ?? true),
        schedule.parameters ?? '{}',
        schedule.slug ?? null,
      ],
    );
  }
  return { flowId, deploymentId, workQueueId, scheduleIds };
}

/**
 * A cron at 02:30 in New York (whose 2027-03-14 02:30 falls in the spring-forward gap) with a
 * slug, parameters overriding the deployment's, a version, a work queue, tags and labels; and
 * an inactive hourly schedule beside it.
 */
export const NIGHTLY_IN_NEW_YORK: PrefectDeploymentSpec = {
  flow: 'etl',
  name: 'nightly',
  version: '1.2.3',
  withWorkQueue: true,
  tags: '["prod", "etl"]',
  labels: '{"team": "data"}',
  parameters: '{"full_refresh": false, "region": "eu"}',
  schedules: [
    {
      schedule: '{"cron": "30 2 * * *", "timezone": "America/New_York", "day_or": true}',
      slug: 'nightly',
      parameters: '{"full_refresh": true}',
    },
    { schedule: '{"cron": "0 * * * *", "timezone": "UTC", "day_or": true}', active: false },
  ],
};

/**
 * A run written by another Prefect version of a deployment's first schedule: auto-scheduled,
 * at 09:00 UTC on `day`, under `key`, with created_by naming the schedule or none (Prefect 3.1).
 */
export async function addOldRun(
  fx: PrefectFixture,
  added: AddedDeployment,
  day: string,
  key: string,
  options: { createdBy: boolean; completed?: boolean },
): Promise<void> {
  const at = fx.provider === 'sqlite' ? `${day} 09:00:00.000000` : `${day}T09:00:00Z`;
  await fx.query(
    `INSERT INTO flow_run (id, name, state_type, state_name, expected_start_time, next_scheduled_start_time, flow_id,
      deployment_id, idempotency_key, auto_scheduled, tags, created_by)
     VALUES (?, 'old-run', ?, ?, ?, ?, ?, ?, ?, ?, '["auto-scheduled"]', ?)`,
    [
      randomUUID(),
      options.completed ? 'COMPLETED' : 'SCHEDULED',
      options.completed ? 'Completed' : 'Scheduled',
      at,
      at,
      added.flowId,
      added.deploymentId,
      key,
      fx.provider === 'sqlite' ? 1 : true,
      options.createdBy
        ? `{"id": "${added.scheduleIds[0]}", "type": "SCHEDULE", "display_value": "CronSchedule"}`
        : null,
    ],
  );
}
