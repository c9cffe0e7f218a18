import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { prismaOf } from '../../src/db/prisma.js';
import type { Database } from '../../src/db/openDatabase.js';
import { openSqlDatabase } from '../../src/db/openSqlDatabase.js';
import { runLoop } from '../../src/pass/runLoop.js';
import type { PassReport } from '../../src/pass/runOnce.js';
import {
  notePostgresSkipped,
  openMigratedTestDatabase,
  testProviders,
  type MigratedTestDatabase,
} from '../helpers/testDatabase.js';
import { manualClock } from '../helpers/manualClock.js';
import { DEFAULT_PASS_SETTINGS, deploymentSpec, scheduleSpec, seedDeployments } from '../helpers/fixtures.js';

notePostgresSkipped();

const START = new Date('2026-03-02T12:00:00.000Z');

for (const provider of testProviders()) {
  describe(`loop's recent-deployments check on ${provider}`, () => {
    let suite: MigratedTestDatabase;
    let writer: Database;
    before(async () => {
      suite = await openMigratedTestDatabase(provider);
      writer = suite.db;
    });
    after(() => suite.close());

    /**
     * Two loop passes a minute apart; while the loop sleeps after the first, 2 s into the
     * wait, another writer creates a deployment.
     */
    async function loopWithAWriteBetweenPasses(name: string, recentLoopSeconds: number) {
      await prismaOf(writer).flow.deleteMany();
      const clock = manualClock(START);
      let writtenAt: Date | null = null;
      const sleep = clock.sleep;
      clock.sleep = async (ms, signal) => {
        if (writtenAt === null) {
          clock.advance(2000);
          writtenAt = clock.now();
          await seedDeployments(writer, [deploymentSpec(name, [scheduleSpec({ cron: '*/5 * * * *' })])], writtenAt);
        }
        return sleep(ms, signal);
      };
      const recentChecks: PassReport[] = [];
      const report = await runLoop({
        connect: () => openSqlDatabase(suite.testDb.url),
        clock,
        settings: { ...DEFAULT_PASS_SETTINGS, loopSeconds: 60, recentLoopSeconds },
        maxIterations: 2,
        onRecentCheck: (check) => recentChecks.push(check),
      });
      const runs = await prismaOf(writer).flowRun.findMany({ orderBy: { created: 'asc' } });
      assert.ok(runs.length > 0 && writtenAt !== null);
      return { report, runs, writtenAt: writtenAt as Date, recentChecks };
    }

    test('a deployment another writer creates between passes is scheduled within recentLoopSeconds + 1 s', async () => {
      const { report, runs, writtenAt, recentChecks } = await loopWithAWriteBetweenPasses('etl/late-comer', 5);
      assert.equal(report.recentChecksWithWork, 1);
      assert.deepEqual(
        recentChecks.map((check) => check.runsInserted),
        [runs.length],
        'the check reports its runs (metrics count them)',
      );
      const delayMs = runs[0]!.created.getTime() - writtenAt.getTime();
      assert.ok(delayMs <= 6000, `scheduled ${delayMs} ms after the write`);
      assert.equal(report.runsInserted, runs.length, 'the second pass found nothing left to do');
    });

    test('recentLoopSeconds 0 turns the check off: the next pass schedules it', async () => {
      const { report, runs, recentChecks } = await loopWithAWriteBetweenPasses('etl/off', 0);
      assert.equal(report.recentChecksWithWork, 0);
      assert.equal(recentChecks.length, 0);
      assert.equal(runs[0]!.created.getTime(), START.getTime() + 60_000, 'by the second pass, a loop period later');
    });
  });
}
