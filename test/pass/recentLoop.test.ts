import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { prismaOf } from '../../src/db/prisma.js';
import { openDatabase, type Database } from '../../src/db/openDatabase.js';
import { openSqlDatabase } from '../../src/db/openSqlDatabase.js';
import { upgradeDatabase } from '../../src/db/migrations/migrate.js';
import { parseDatabaseUrl } from '../../src/db/databaseUrl.js';
import { runLoop } from '../../src/pass/runLoop.js';
import { createTestDatabase, notePostgresSkipped, testProviders, type TestDatabase } from '../helpers/testDatabase.js';
import { manualClock } from '../helpers/manualClock.js';
import { DEFAULT_PASS_SETTINGS, deploymentSpec, scheduleSpec, seedDeployments } from '../helpers/fixtures.js';

notePostgresSkipped();

const START = new Date('2026-03-02T12:00:00.000Z');

for (const provider of testProviders()) {
  describe(`loop's recent-deployments check on ${provider}`, () => {
    let testDb: TestDatabase;
    let writer: Database;
    before(async () => {
      testDb = await createTestDatabase(provider);
      await upgradeDatabase(parseDatabaseUrl(testDb.url));
      writer = await openDatabase(testDb.url);
    });
    after(async () => {
      await writer.close();
      await testDb.drop();
    });

    test('a deployment another writer creates between passes is scheduled within recentLoopSeconds + 1 s', async () => {
      const clock = manualClock(START);
      const writtenAt: Date[] = [];
      const sleep = clock.sleep;
      // The other writer acts while the loop sleeps after its first pass, 2 s into the wait.
      clock.sleep = async (ms, signal) => {
        if (writtenAt.length === 0) {
          clock.advance(2000);
          writtenAt.push(clock.now());
          await seedDeployments(
            writer,
            [deploymentSpec('etl/late-comer', [scheduleSpec({ cron: '*/5 * * * *' })])],
            clock.now(),
          );
        }
        return sleep(ms, signal);
      };
      const report = await runLoop({
        connect: () => openSqlDatabase(testDb.url),
        clock,
        settings: { ...DEFAULT_PASS_SETTINGS, loopSeconds: 60, recentLoopSeconds: 5 },
        maxIterations: 2,
      });
      assert.equal(report.recentChecksWithWork, 1);
      const runs = await prismaOf(writer).flowRun.findMany({ orderBy: { created: 'asc' } });
      assert.ok(runs.length > 0, 'the recent check scheduled it');
      const delayMs = runs[0]!.created.getTime() - writtenAt[0]!.getTime();
      assert.ok(delayMs <= 6000, `scheduled ${delayMs} ms after the write`);
      assert.equal(report.runsInserted, runs.length, 'the second pass found nothing left to do');
    });

    test('recentLoopSeconds 0 turns the check off: the next pass schedules it', async () => {
      await prismaOf(writer).flow.deleteMany();
      const clock = manualClock(START);
      let written = false;
      const sleep = clock.sleep;
      clock.sleep = async (ms, signal) => {
        if (!written) {
          written = true;
          await seedDeployments(
            writer,
            [deploymentSpec('etl/off', [scheduleSpec({ cron: '*/5 * * * *' })])],
            clock.now(),
          );
        }
        return sleep(ms, signal);
      };
      const report = await runLoop({
        connect: () => openSqlDatabase(testDb.url),
        clock,
        settings: { ...DEFAULT_PASS_SETTINGS, loopSeconds: 60, recentLoopSeconds: 0 },
        maxIterations: 2,
      });
      assert.equal(report.recentChecksWithWork, 0);
      const first = await prismaOf(writer).flowRun.findFirstOrThrow({ orderBy: { created: 'asc' } });
      assert.equal(first.created.getTime(), START.getTime() + 60_000, 'by the second pass, a loop period later');
    });
  });
}
