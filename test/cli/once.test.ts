import { prismaOf } from '../../src/db/prisma.js';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/openDatabase.js';
import { runCli } from '../helpers/cli.js';
import { faketimeEnv, needsFaketime } from '../helpers/faketime.js';
import { createTestDatabase, notePostgresSkipped, testProviders, type TestDatabase } from '../helpers/testDatabase.js';
import { writeGeneratedDeploymentsFile } from '../helpers/generatedDeployments.js';

notePostgresSkipped();

const dir = mkdtempSync(join(tmpdir(), 'scheduler-once-'));
const FILE = join(dir, 'deployments.json');
writeGeneratedDeploymentsFile(FILE, 50);

async function countRuns(url: string): Promise<number> {
  const db = await openDatabase(url);
  try {
    return await prismaOf(db).flowRun.count();
  } finally {
    await db.close();
  }
}

async function duplicateKeys(url: string): Promise<number> {
  const db = await openDatabase(url);
  try {
    const groups = await prismaOf(db).flowRun.groupBy({ by: ['flowId', 'idempotencyKey'], _count: true });
    const runs = await prismaOf(db).flowRun.count();
    const states = await prismaOf(db).flowRunState.count();
    assert.equal(states, runs, 'every run has exactly one state row');
    return runs - groups.length;
  } finally {
    await db.close();
  }
}

for (const provider of testProviders()) {
  describe(`scheduler once / loop on ${provider}`, () => {
    let testDb: TestDatabase;
    let env: Record<string, string>;
    before(async () => {
      testDb = await createTestDatabase(provider);
      env = { SCHEDULER_DATABASE_URL: testDb.url };
      if (provider === 'postgres') assert.equal((await runCli(['db', 'upgrade'], { env })).code, 0);
      const applied = await runCli(['deployments', 'apply', '-f', FILE, '--no-schedule', '--json'], { env });
      assert.equal(applied.code, 0, applied.stderr);
      assert.equal(JSON.parse(applied.stdout).created.length, 50);
    });
    after(() => testDb.drop());

    test('two `once` processes started together insert what preview announces, each run once', {
      skip: needsFaketime,
    }, async () => {
      // Every process's clock starts at the same instant, so no fire time passes between the passes.
      const at = { ...env, ...faketimeEnv('2027-01-04 12:00:30') };
      const [a, b] = await Promise.all([
        runCli(['once', '--json'], { env: at }),
        runCli(['once', '--json'], { env: at }),
      ]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      const reports = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
      const inserted = reports[0].runsInserted + reports[1].runsInserted;
      assert.ok(inserted >= 150, `expected at least 3 runs per deployment, got ${inserted}`);
      assert.equal(await countRuns(testDb.url), inserted);
      assert.deepEqual([...reports[0].errors, ...reports[1].errors], []);
      assert.equal(await duplicateKeys(testDb.url), 0);
      const again = await runCli(['once', '--json'], { env: at });
      assert.deepEqual(JSON.parse(again.stdout).runsInserted, 0);
      const after = await runCli(['preview', '--json'], { env: at });
      assert.ok((JSON.parse(after.stdout).runs as Array<{ status: string }>).every((r) => r.status === 'scheduled'));
    });

    test('loop --loop-seconds 0.05 --max-iterations 3 exits 0', async () => {
      const result = await runCli(['loop', '--loop-seconds', '0.05', '--max-iterations', '3', '--json'], { env });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(JSON.parse(result.stdout).iterations, 3);
    });
  });
}

test('a bad schedule next to good ones: the pass finishes, reports it, exit 3', async () => {
  const testDb = await createTestDatabase('sqlite');
  try {
    const env = { SCHEDULER_DATABASE_URL: testDb.url };
    await runCli(['deployments', 'apply', '-f', FILE, '--no-schedule'], { env });
    const db = await openDatabase(testDb.url);
    await prismaOf(db).deploymentSchedule.updateMany({
      where: { deployment: { name: 'd0007' } },
      data: { schedule: { cron: '0 * * * *', timezone: 'Mars/Olympus' } },
    });
    await db.close();
    const result = await runCli(['once', '--json'], { env });
    assert.equal(result.code, 3);
    const report = JSON.parse(result.stdout);
    assert.equal(report.errors.length, 1);
    assert.equal(report.errors[0].deployment, 'flow-2/d0007');
    assert.match(report.errors[0].message, /Mars\/Olympus/);
    assert.equal(report.deploymentsScanned, 50);
    assert.match(result.stderr, /schedule failed .*d0007/);
  } finally {
    await testDb.drop();
  }
});
