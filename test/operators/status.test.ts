import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/openDatabase.js';
import { prismaOf } from '../../src/db/prisma.js';
import { runCliAt } from '../helpers/cliInProcess.js';
import { manualClock } from '../helpers/manualClock.js';
import { createTestDatabase, notePostgresSkipped, testProviders, type TestDatabase } from '../helpers/testDatabase.js';

notePostgresSkipped();

const T0 = new Date('2027-01-04T12:00:00Z');
const SECOND = 1000;

for (const provider of testProviders()) {
  describe(`status on ${provider}`, () => {
    let testDb: TestDatabase;
    let env: Record<string, string>;
    const clock = manualClock(T0);
    const cli = (...args: string[]) => runCliAt(clock, args, env);
    before(async () => {
      testDb = await createTestDatabase(provider);
      env = { SCHEDULER_DATABASE_URL: testDb.url, SCHEDULER_LOOP_SECONDS: '60' };
      if (provider === 'postgres') assert.equal((await cli('db', 'upgrade')).code, 0);
      const file = join(mkdtempSync(join(tmpdir(), 'scheduler-status-')), 'deployments.yaml');
      writeFileSync(
        file,
        'deployments:\n  - {name: hourly, flow_name: ops, schedules: [{cron: "0 * * * *"}]}\n  - {name: yearly, flow_name: ops, schedules: [{cron: "0 0 1 1 *"}]}\n',
      );
      assert.equal((await cli('deployments', 'apply', '-f', file, '--no-schedule')).code, 0);
    });
    after(() => testDb.drop());

    test('no pass yet: exit 1, one line per problem', async () => {
      const result = await cli('status', '-q');
      assert.equal(result.code, 1);
      const lines = result.stderr.trim().split('\n');
      assert.equal(lines.length, 2);
      assert.equal(lines[0], 'no pass has finished without failing in the pass history');
      assert.match(
        lines[1]!,
        /^ops\/hourly schedule \S+ holds no future run \(it fires next at 2027-01-04T12:00:00.000Z\)$/,
      );
    });

    test('a recent pass and runs held: exit 0; a clock jump past --max-age: exit 1', async () => {
      assert.equal((await cli('once')).code, 0);
      clock.advance(30 * SECOND);
      const healthy = await cli('status', '--json');
      assert.equal(healthy.code, 0, healthy.stdout);
      assert.equal(healthy.json.healthy, true);
      assert.equal(healthy.json.lastPasses.length, 1);
      assert.equal(healthy.json.instances.length, 1);
      assert.equal(healthy.json.shortestRunway.deployment, 'ops/hourly');
      assert.equal(healthy.json.shortestRunway.runwayUntil, '2027-01-04T14:00:00.000Z');
      // The yearly schedule fires beyond the 100-day horizon from 2027-01-04 12:00: holding nothing is right.
      clock.advance(4 * 60 * SECOND);
      const stale = await cli('status', '--json');
      assert.equal(stale.code, 1);
      assert.deepEqual(stale.json.problems, [
        'the last pass that finished without failing ended at 2027-01-04T12:00:00.000Z, more than 180 s ago',
      ]);
      assert.equal((await cli('status', '--max-age', 'PT10M')).code, 0);
      const usage = await cli('status', '--max-age', 'soon');
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /--max-age "soon"/);
    });

    test('an active schedule whose runs are gone: exit 1 naming it; late runs are counted', async () => {
      assert.equal((await cli('once')).code, 0);
      const db = await openDatabase(testDb.url);
      try {
        await prismaOf(db).flowRun.deleteMany({ where: { expectedStartTime: { gte: clock.now() } } });
      } finally {
        await db.close();
      }
      const result = await cli('status', '--json');
      assert.equal(result.code, 1);
      assert.equal(result.json.problems.length, 1);
      assert.match(result.json.problems[0], /^ops\/hourly schedule \S+ holds no future run/);
      assert.equal(result.json.lateRuns.count, 1);
      const human = await cli('status');
      assert.match(human.stdout, /late runs: 1 \(oldest scheduled 2027-01-04T12:00:00.000Z\)/);
      assert.match(human.stdout, /problems:\n {2}ops\/hourly schedule/);
    });
  });
}
