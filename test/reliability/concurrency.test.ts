import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqlDatabase } from '../../src/db/openSqlDatabase.js';
import { sql } from '../../src/db/sql.js';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, notePostgresSkipped, testProviders } from '../helpers/testDatabase.js';
import { seedBenchDatabase } from '../bench/seedBenchDatabase.js';

notePostgresSkipped();

const DEPLOYMENTS = 400;
const RUNS_EACH = 40;
const FLAGS = [
  '--min-runs',
  String(RUNS_EACH),
  '--max-runs',
  String(RUNS_EACH),
  '--max-scheduled-time',
  'P3650D',
  '--deployment-batch-size',
  '20',
  '--json',
];

for (const provider of testProviders()) {
  test(`4 \`once\` and 1 \`loop\` at once on ${provider}: all exit 0, every run exactly once`, async (t) => {
    const testDb = await createTestDatabase(provider);
    try {
      // Daily runs anchored half a day ahead: the expected runs cannot change during the test.
      const anchor = new Date(Date.now() + 12 * 3600_000).toISOString();
      await seedBenchDatabase(testDb.url, DEPLOYMENTS, () => ({
        interval: 86400,
        anchor_date: anchor,
        timezone: 'UTC',
      }));
      const env = { SCHEDULER_DATABASE_URL: testDb.url };
      const results = await Promise.all([
        ...Array.from({ length: 4 }, () => runCli(['once', ...FLAGS], { env, timeoutMs: 120_000 })),
        runCli(['loop', '--loop-seconds', '1', '--max-iterations', '2', ...FLAGS], { env, timeoutMs: 120_000 }),
      ]);
      for (const result of results) assert.equal(result.code, 0, result.stderr);
      const inserted = results.map((r) => (JSON.parse(r.stdout) as { runsInserted: number }).runsInserted);
      t.diagnostic(`${provider}: runs inserted by once x4 and loop: ${inserted.join(', ')}`);
      assert.equal(
        inserted.reduce((a, b) => a + b, 0),
        DEPLOYMENTS * RUNS_EACH,
        "the union is one pass's runs",
      );
      const db = await openSqlDatabase(testDb.url);
      try {
        const [{ runs, keys, states }] = (await db.sql.query<{ runs: number; keys: number; states: number }>(sql`
          SELECT (SELECT count(*) FROM flow_run) AS runs, (SELECT count(DISTINCT idempotency_key) FROM flow_run) AS keys,
                 (SELECT count(*) FROM flow_run_state) AS states`)) as [{ runs: number; keys: number; states: number }];
        assert.deepEqual(
          [Number(runs), Number(keys), Number(states)],
          [DEPLOYMENTS * RUNS_EACH, DEPLOYMENTS * RUNS_EACH, DEPLOYMENTS * RUNS_EACH],
        );
      } finally {
        await db.close();
      }
      if (provider === 'postgres') {
        assert.ok(inserted.filter((n) => n > 0).length >= 2, `the instances split the work (${inserted.join(', ')})`);
      }
    } finally {
      await testDb.drop();
    }
  });
}
