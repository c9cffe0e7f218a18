import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, notePostgresSkipped, testProviders } from '../helpers/testDatabase.js';
import { seedBenchDatabase } from '../bench/seedBenchDatabase.js';

notePostgresSkipped();

// More deployments than a driver takes bound parameters in one statement through Prisma
// (SQLite's adapter failed at ~2,000), with runs to list for each.
const DEPLOYMENTS = 3000;

for (const provider of testProviders()) {
  test(`deployments ls and preview of ${DEPLOYMENTS} deployments on ${provider}`, async () => {
    const testDb = await createTestDatabase(provider);
    try {
      // Daily runs anchored half a day ahead: the run a pass inserts is still ahead when ls reads it.
      const anchor = new Date(Date.now() + 12 * 3600_000).toISOString();
      await seedBenchDatabase(testDb.url, DEPLOYMENTS, () => ({
        interval: 86400,
        anchor_date: anchor,
        timezone: 'UTC',
      }));
      const env = { SCHEDULER_DATABASE_URL: testDb.url };
      const once = await runCli(['once', '--min-runs', '1', '--max-runs', '1', '-q'], { env, timeoutMs: 120_000 });
      assert.equal(once.code, 0, once.stderr);

      const ls = await runCli(['deployments', 'ls', '--json'], { env, timeoutMs: 120_000 });
      assert.equal(ls.code, 0, ls.stderr);
      const listed = JSON.parse(ls.stdout).deployments as { name: string; nextRun: string | null }[];
      assert.equal(listed.length, DEPLOYMENTS);
      assert.ok(
        listed.every((d) => d.nextRun !== null),
        'every deployment shows the run the pass inserted',
      );

      const preview = await runCli(['preview', '--count', '1', '--json'], { env, timeoutMs: 120_000 });
      assert.equal(preview.code, 0, preview.stderr);
      assert.equal(
        new Set(JSON.parse(preview.stdout).runs.map((r: { deployment: string }) => r.deployment)).size,
        DEPLOYMENTS,
      );
    } finally {
      await testDb.drop();
    }
  });
}
