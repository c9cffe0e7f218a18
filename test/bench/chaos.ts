// `npm run test:chaos [-- --trials N --deployments D]`: kill -9 a `scheduler once` at random
// moments of a large first pass, on SQLite and (with SCHEDULER_TEST_POSTGRES_URL) PostgreSQL.
// After every kill the database must hold no run without its state row, no orphaned state,
// no duplicate idempotency key (and pass SQLite's integrity_check); the next `once` must
// complete the schedule to exactly the runs an uninterrupted pass makes. Exits 1 on any fault.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { openSqlDatabase, type SqlDatabase } from '../../src/db/openSqlDatabase.js';
import { sql } from '../../src/db/sql.js';
import { BIN } from '../helpers/cli.js';
import type { Provider } from '../../src/db/databaseUrl.js';
import { createTestDatabase, testProviders } from '../helpers/testDatabase.js';
import { seedBenchDatabase } from './seedBenchDatabase.js';

const { values } = parseArgs({
  options: { trials: { type: 'string', default: '20' }, deployments: { type: 'string', default: '1000' } },
});
const TRIALS = Number(values.trials);
const DEPLOYMENTS = Number(values.deployments);
const RUNS_EACH = 100;
const PASS_FLAGS = [
  'once',
  '-q',
  '--min-runs',
  String(RUNS_EACH),
  '--max-runs',
  String(RUNS_EACH),
  '--max-scheduled-time',
  'P3650D',
];
// Daily runs anchored half a day ahead: the expected runs cannot change while the script runs.
const ANCHOR = new Date(Math.floor((Date.now() + 12 * 3600_000) / 60_000) * 60_000).toISOString();

function runOnce(
  url: string,
  killAfterMs?: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...PASS_FLAGS], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', SCHEDULER_DATABASE_URL: url },
      stdio: 'ignore',
    });
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ms: performance.now() - started });
    });
  });
}

async function faults(db: SqlDatabase): Promise<string[]> {
  const found: string[] = [];
  const [{ n: withoutState }] = (await db.sql.query<{ n: number }>(
    sql`SELECT count(*) AS n FROM flow_run r WHERE NOT EXISTS (SELECT 1 FROM flow_run_state s WHERE s.flow_run_id = r.id)`,
  )) as [{ n: number }];
  const [{ n: orphans }] = (await db.sql.query<{ n: number }>(
    sql`SELECT count(*) AS n FROM flow_run_state s WHERE NOT EXISTS (SELECT 1 FROM flow_run r WHERE r.id = s.flow_run_id)`,
  )) as [{ n: number }];
  const [{ n: duplicates }] = (await db.sql.query<{ n: number }>(
    sql`SELECT count(*) AS n FROM (SELECT 1 FROM flow_run GROUP BY flow_id, idempotency_key HAVING count(*) > 1) AS d`,
  )) as [{ n: number }];
  if (Number(withoutState) > 0) found.push(`${withoutState} runs without a state row`);
  if (Number(orphans) > 0) found.push(`${orphans} orphaned state rows`);
  if (Number(duplicates) > 0) found.push(`${duplicates} duplicated idempotency keys`);
  if (db.target.provider === 'sqlite') {
    const rows = await db.sql.query<{ integrity_check: string }>(sql`PRAGMA integrity_check`);
    if (rows[0]?.integrity_check !== 'ok') found.push(`integrity_check: ${JSON.stringify(rows)}`);
  }
  return found;
}

async function runSet(url: string): Promise<Set<string>> {
  const db = await openSqlDatabase(url);
  try {
    const rows = await db.sql.query<{ name: string; t: unknown }>(
      sql`SELECT d.name, r.expected_start_time AS t FROM flow_run r JOIN deployment d ON d.id = r.deployment_id`,
    );
    return new Set(rows.map((row) => `${row.name} ${new Date(row.t as string).toISOString()}`));
  } finally {
    await db.close();
  }
}

async function countRuns(url: string): Promise<number> {
  const db = await openSqlDatabase(url);
  try {
    return Number((await db.sql.query<{ n: number }>(sql`SELECT count(*) AS n FROM flow_run`))[0]!.n);
  } finally {
    await db.close();
  }
}

async function chaos(provider: Provider) {
  const schedule = () => ({ interval: 86400, anchor_date: ANCHOR, timezone: 'UTC' });
  const reference = await createTestDatabase(provider);
  const victim = await createTestDatabase(provider);
  try {
    await seedBenchDatabase(reference.url, DEPLOYMENTS, schedule);
    await seedBenchDatabase(victim.url, DEPLOYMENTS, schedule);
    const uninterrupted = await runOnce(reference.url);
    const expected = await runSet(reference.url);
    let kills = 0;
    let resets = 0;
    const faultsFound: string[] = [];
    while (kills < TRIALS) {
      if ((await countRuns(victim.url)) === expected.size) {
        const db = await openSqlDatabase(victim.url);
        await db.sql.query(sql`DELETE FROM flow_run`);
        await db.close();
        resets += 1;
      }
      const result = await runOnce(victim.url, Math.random() * uninterrupted.ms);
      if (result.signal !== 'SIGKILL') continue;
      kills += 1;
      const db = await openSqlDatabase(victim.url);
      try {
        faultsFound.push(...(await faults(db)).map((f) => `after kill ${kills}: ${f}`));
      } finally {
        await db.close();
      }
    }
    const completion = await runOnce(victim.url);
    const actual = await runSet(victim.url);
    const missing = [...expected].filter((k) => !actual.has(k)).length;
    const extra = [...actual].filter((k) => !expected.has(k)).length;
    if (completion.code !== 0) faultsFound.push(`the completing pass exited ${completion.code}`);
    if (missing > 0 || extra > 0) faultsFound.push(`after completion: ${missing} runs lost, ${extra} runs too many`);
    return {
      provider,
      deployments: DEPLOYMENTS,
      runs: expected.size,
      passMs: Math.round(uninterrupted.ms),
      kills,
      resets,
      runsLost: missing,
      duplicatesOrExtra: extra,
      faults: faultsFound,
    };
  } finally {
    await reference.drop();
    await victim.drop();
  }
}

const providers = testProviders();
const results = [];
for (const provider of providers) {
  process.stderr.write(`chaos: ${provider}, ${TRIALS} kills during a ${DEPLOYMENTS * RUNS_EACH}-run pass\n`);
  results.push(await chaos(provider));
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
process.exitCode = results.some((r) => r.faults.length > 0) ? 1 : 0;
