// The limit the first pass is measured against (README "Performance"): the same rows (runs
// and their state rows, same columns and sizes) inserted the way the bare driver does it
// best, with the driver's defaults: nothing of the pass's own choices (page cache, id
// scheme, statement shape, SQL layer) is inherited. Run as a process:
//   node dist/test/bench/rawInsertBaseline.js DATABASE_URL RUNS_PER_DEPLOYMENT
// SQLite: better-sqlite3 as `new Database(path)` leaves it, single-row statements prepared
// once (measured ~10% less CPU here than 500-row VALUES lists), one transaction.
// PostgreSQL: COPY into temporary tables, then INSERT ... SELECT ... ON CONFLICT DO NOTHING
// for runs and states, in one transaction.
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import Database from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const [url, perDeploymentText] = process.argv.slice(2) as [string, string];
const perDeployment = Number(perDeploymentText);
const TARGETS =
  'SELECT d.id, d.flow_id, s.id AS schedule_id FROM deployment d JOIN deployment_schedule s ON s.deployment_id = d.id ORDER BY d.id';
const RUN_COLUMNS =
  'id, name, flow_id, deployment_id, deployment_schedule_id, work_queue_name, parameters, tags, idempotency_key, expected_start_time, next_scheduled_start_time, created, updated, auto_scheduled, state_type, state_name';
const STATE_COLUMNS = 'id, flow_run_id, timestamp, scheduled_time, type, name, message';

interface Target {
  id: string;
  flow_id: string;
  schedule_id: string;
}

/** Time-ordered ids of the usual 36 characters: the millisecond, then a counter. */
function idMaker(nowMs: number): () => string {
  const ms = nowMs.toString(16).padStart(12, '0');
  let n = 0;
  return () => `${ms.slice(0, 8)}-${ms.slice(8)}-7000-8000-${(n++).toString(16).padStart(12, '0')}`;
}

/** Every run and state row, with instants as UTC text. */
function buildRows(targets: Target[]) {
  const nowMs = Date.now();
  const now = new Date(nowMs).toISOString();
  const nextId = idMaker(nowMs);
  const runs: string[][] = [];
  const states: string[][] = [];
  for (const t of targets) {
    for (let k = 1; k <= perDeployment; k++) {
      const at = new Date(Math.ceil(nowMs / 3_600_000) * 3_600_000 + k * 3_600_000).toISOString();
      const id = nextId();
      runs.push([
        id,
        'brave-otter',
        t.flow_id,
        t.id,
        t.schedule_id,
        'default',
        '{"size":1}',
        '["auto-scheduled","bench"]',
        `scheduled ${t.id} s0 ${at}`,
        at,
        at,
        now,
        now,
      ]);
      states.push([nextId(), id, now, at]);
    }
  }
  return { runs, states };
}

function insertSqlite(path: string): void {
  const db = new Database(path);
  const { runs, states } = buildRows(db.prepare(TARGETS).all() as Target[]);
  const insertRun = db.prepare(
    `INSERT INTO flow_run (${RUN_COLUMNS}) VALUES (${Array(13).fill('?').join(', ')}, 1, 'SCHEDULED', 'Scheduled') ON CONFLICT (flow_id, idempotency_key) DO NOTHING`,
  );
  const insertState = db.prepare(
    `INSERT INTO flow_run_state (${STATE_COLUMNS}) VALUES (?, ?, ?, ?, 'SCHEDULED', 'Scheduled', 'Flow run scheduled') ON CONFLICT DO NOTHING`,
  );
  db.transaction(() => {
    for (let i = 0; i < runs.length; i++) {
      insertRun.run(runs[i]!);
      insertState.run(states[i]!);
    }
  })();
  db.close();
}

/** COPY text of rows whose values need no escaping (the bench's own). */
async function copyRows(client: pg.Client, command: string, rows: string[][]): Promise<void> {
  const stream = client.query(copyFrom(command));
  let chunk = '';
  for (const row of rows) {
    chunk += `${row.join('\t')}\n`;
    if (chunk.length >= 64 * 1024) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  stream.end(chunk);
  await finished(stream);
}

async function insertPostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { runs, states } = buildRows((await client.query<Target>(TARGETS)).rows);
  const runs16 = runs.map((row) => [...row, 't', 'SCHEDULED', 'Scheduled']);
  const states7 = states.map((row) => [...row, 'SCHEDULED', 'Scheduled', 'Flow run scheduled']);
  await client.query('BEGIN');
  await client.query('CREATE TEMPORARY TABLE run_rows (LIKE flow_run) ON COMMIT DROP');
  await client.query('CREATE TEMPORARY TABLE state_rows (LIKE flow_run_state) ON COMMIT DROP');
  await copyRows(client, `COPY run_rows (${RUN_COLUMNS}) FROM STDIN`, runs16);
  await copyRows(client, `COPY state_rows (${STATE_COLUMNS}) FROM STDIN`, states7);
  await client.query(
    `INSERT INTO flow_run (${RUN_COLUMNS}) SELECT ${RUN_COLUMNS} FROM run_rows ON CONFLICT (flow_id, idempotency_key) DO NOTHING`,
  );
  await client.query(
    `INSERT INTO flow_run_state (${STATE_COLUMNS}) SELECT ${STATE_COLUMNS} FROM state_rows ON CONFLICT DO NOTHING`,
  );
  await client.query('COMMIT');
  await client.end();
}

const started = performance.now();
if (url.startsWith('file:')) insertSqlite(url.slice('file:'.length));
else await insertPostgres();
process.stdout.write(`${JSON.stringify({ insertMs: Math.round(performance.now() - started) })}\n`);
