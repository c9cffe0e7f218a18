import Database from 'better-sqlite3';
import pg from 'pg';
import { uuidv7 } from '../../src/ids.js';
import { parseDatabaseUrl } from '../../src/db/databaseUrl.js';
import { upgradeDatabase } from '../../src/db/migrations/migrate.js';

const ZONES = ['UTC', 'America/New_York', 'Europe/London', 'Asia/Kolkata'];

export type ScheduleOf = (index: number) => Record<string, unknown>;

/** The bench's default: an hourly cron schedule, minutes and zones varying. */
export const hourlyCronInZones: ScheduleOf = (i) => ({
  cron: `${i % 60} * * * *`,
  timezone: ZONES[i % ZONES.length],
  day_or: true,
});

/** Bench rows: `count` deployments named d0, d1... with one schedule each. */
function benchRows(count: number, scheduleOf: ScheduleOf) {
  const now = new Date().toISOString();
  const flowId = uuidv7();
  const deployments = Array.from({ length: count }, (_, i) => ({
    id: uuidv7(),
    scheduleId: uuidv7(),
    name: `d${i}`,
    slug: `s${i}`,
    schedule: JSON.stringify(scheduleOf(i)),
  }));
  return { now, flowId, deployments };
}

/**
 * Migrates a fresh database and fills it with the bench deployments through the bare
 * driver: seeding is not what is measured, and 10,000 deployments through `apply` would
 * dominate the run.
 */
export async function seedBenchDatabase(
  url: string,
  count: number,
  scheduleOf: ScheduleOf = hourlyCronInZones,
): Promise<void> {
  const target = parseDatabaseUrl(url);
  await upgradeDatabase(target);
  const { now, flowId, deployments } = benchRows(count, scheduleOf);
  const flowSql = `INSERT INTO flow (id, name, created, updated) VALUES ('${flowId}', 'bench', '${now}', '${now}')`;
  if (target.provider === 'sqlite') {
    const db = new Database(target.path);
    db.transaction(() => {
      db.exec(flowSql);
      const dep = db.prepare(
        `INSERT INTO deployment (id, flow_id, name, tags, parameters, work_queue_name, paused, created, updated) VALUES (?, ?, ?, '["bench"]', '{"size":1}', 'default', 0, ?, ?)`,
      );
      const sched = db.prepare(
        `INSERT INTO deployment_schedule (id, deployment_id, key, schedule, active, parameters, slug, created, updated) VALUES (?, ?, ?, ?, 1, '{}', ?, ?, ?)`,
      );
      for (const d of deployments) {
        dep.run(d.id, flowId, d.name, now, now);
        sched.run(d.scheduleId, d.id, d.slug, d.schedule, d.slug, now, now);
      }
    })();
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(flowSql);
    await client.query(
      `INSERT INTO deployment (id, flow_id, name, tags, parameters, work_queue_name, paused, created, updated)
       SELECT unnest($1::text[]), $2, unnest($3::text[]), '["bench"]', '{"size":1}', 'default', false, $4, $4`,
      [deployments.map((d) => d.id), flowId, deployments.map((d) => d.name), now],
    );
    await client.query(
      `INSERT INTO deployment_schedule (id, deployment_id, key, schedule, active, parameters, slug, created, updated)
       SELECT unnest($1::text[]), unnest($2::text[]), unnest($3::text[]), unnest($4::jsonb[]), true, '{}', unnest($3::text[]), $5, $5`,
      [
        deployments.map((d) => d.scheduleId),
        deployments.map((d) => d.id),
        deployments.map((d) => d.slug),
        deployments.map((d) => d.schedule),
        now,
      ],
    );
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}
