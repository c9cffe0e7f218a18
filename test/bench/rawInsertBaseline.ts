// The physical limit the first pass is measured against: the same rows (runs and their
// state rows, same columns and sizes) inserted with the bare driver, multi-row statements
// of 500 prepared once, one transaction, dates by plain Date arithmetic and bound as text,
// the tool's SQLite connection settings. Run as a process:
//   node dist/test/bench/rawInsertBaseline.js DATABASE_URL RUNS_PER_DEPLOYMENT
import type Database from 'better-sqlite3';
import pg from 'pg';
import { uuidv7 } from '../../src/ids.js';
import { parseDatabaseUrl } from '../../src/db/databaseUrl.js';
import { openSqliteFile } from '../../src/db/sqliteFile.js';

const [url, perDeploymentText] = process.argv.slice(2) as [string, string];
const perDeployment = Number(perDeploymentText);
const STATEMENT_ROWS = 500;
const RUN_COLUMNS = 13;

interface Target {
  id: string;
  flow_id: string;
  schedule_id: string;
}

function buildRows(targets: Target[], stamp: (d: Date) => unknown) {
  const nowMs = Date.now();
  const now = stamp(new Date(nowMs));
  const runs: unknown[][] = [];
  const states: unknown[][] = [];
  for (const t of targets) {
    for (let k = 1; k <= perDeployment; k++) {
      const at = new Date(Math.ceil(nowMs / 3_600_000) * 3_600_000 + k * 3_600_000);
      const id = uuidv7(nowMs);
      runs.push([
        id,
        'brave-otter',
        t.flow_id,
        t.id,
        t.schedule_id,
        'default',
        '{"size":1}',
        '["auto-scheduled","bench"]',
        `scheduled ${t.id} s0 ${at.toISOString()}`,
        stamp(at),
        stamp(at),
        now,
        now,
      ]);
      states.push([uuidv7(nowMs), id, now, stamp(at)]);
    }
  }
  return { runs, states };
}

const RUN_INSERT = (
  values: string,
) => `INSERT INTO flow_run (id, name, flow_id, deployment_id, deployment_schedule_id, work_queue_name, parameters, tags,
  idempotency_key, expected_start_time, next_scheduled_start_time, created, updated, auto_scheduled, state_type, state_name)
  VALUES ${values} ON CONFLICT (flow_id, idempotency_key) DO NOTHING`;
const STATE_INSERT = (values: string) =>
  `INSERT INTO flow_run_state (id, flow_run_id, timestamp, scheduled_time, type, name, message) VALUES ${values}`;

async function main() {
  const target = parseDatabaseUrl(url);
  const started = performance.now();
  if (target.provider === 'sqlite') {
    // The tool's own connection settings, so the two cannot drift apart.
    const db = openSqliteFile(target.path);
    db.pragma('synchronous = NORMAL');
    const targets = db
      .prepare(
        'SELECT d.id, d.flow_id, s.id AS schedule_id FROM deployment d JOIN deployment_schedule s ON s.deployment_id = d.id',
      )
      .all() as Target[];
    const { runs, states } = buildRows(targets, (d) => d.toISOString().replace('Z', '+00:00'));
    const runValues = (n: number) =>
      Array(n)
        .fill(`(${Array(RUN_COLUMNS).fill('?').join(',')}, 1, 'SCHEDULED', 'Scheduled')`)
        .join(',');
    const stateValues = (n: number) =>
      Array(n).fill(`(?, ?, ?, ?, 'SCHEDULED', 'Scheduled', 'Flow run scheduled')`).join(',');
    const prepared = new Map<string, Database.Statement>();
    const prepare = (text: string) => prepared.get(text) ?? prepared.set(text, db.prepare(text)).get(text)!;
    db.transaction(() => {
      for (let i = 0; i < runs.length; i += STATEMENT_ROWS) {
        const chunk = runs.slice(i, i + STATEMENT_ROWS);
        prepare(RUN_INSERT(runValues(chunk.length))).run(chunk.flat());
        const stateChunk = states.slice(i, i + STATEMENT_ROWS);
        prepare(STATE_INSERT(stateValues(stateChunk.length))).run(stateChunk.flat());
      }
    })();
    db.close();
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const targets = (
      await client.query<Target>(
        'SELECT d.id, d.flow_id, s.id AS schedule_id FROM deployment d JOIN deployment_schedule s ON s.deployment_id = d.id',
      )
    ).rows;
    const { runs, states } = buildRows(targets, (d) => d.toISOString());
    const placeholders = (rows: number, columns: number, tail: string) =>
      Array.from(
        { length: rows },
        (_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(',')}${tail})`,
      ).join(',');
    await client.query('BEGIN');
    for (let i = 0; i < runs.length; i += STATEMENT_ROWS) {
      const chunk = runs.slice(i, i + STATEMENT_ROWS);
      await client.query(
        RUN_INSERT(placeholders(chunk.length, RUN_COLUMNS, `, true, 'SCHEDULED', 'Scheduled'`)),
        chunk.flat(),
      );
      const stateChunk = states.slice(i, i + STATEMENT_ROWS);
      await client.query(
        STATE_INSERT(placeholders(stateChunk.length, 4, `, 'SCHEDULED', 'Scheduled', 'Flow run scheduled'`)),
        stateChunk.flat(),
      );
    }
    await client.query('COMMIT');
    await client.end();
  }
  process.stdout.write(`${JSON.stringify({ insertMs: Math.round(performance.now() - started) })}\n`);
}

await main();
