import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { prismaOf } from '../../src/db/prisma.js';
import { openDatabase } from '../../src/db/openDatabase.js';
import { parseDatabaseUrl } from '../../src/db/databaseUrl.js';
import { upgradeDatabase } from '../../src/db/migrations/migrate.js';
import { runOnce } from '../../src/pass/runOnce.js';
import { runCli } from '../helpers/cli.js';
import { DEFAULT_PASS_SETTINGS, deploymentSpec, scheduleSpec, seedDeployments } from '../helpers/fixtures.js';
import { manualClock } from '../helpers/manualClock.js';
import { createTestDatabase, notePostgresSkipped, testProviders, type TestDatabase } from '../helpers/testDatabase.js';

notePostgresSkipped();

const NOW = new Date('2026-03-01T12:00:00.000Z');

/** Hourly runs from 12:00 to 16:00 UTC; 13:00 completed and 15:00 cancelled. */
async function seedRuns(url: string): Promise<void> {
  await upgradeDatabase(parseDatabaseUrl(url));
  const db = await openDatabase(url);
  try {
    await seedDeployments(
      db,
      [deploymentSpec('etl/hourly', [scheduleSpec({ interval: 3600, anchor_date: NOW.toISOString() })])],
      NOW,
    );
    const settings = { ...DEFAULT_PASS_SETTINGS, minRuns: 5, maxRuns: 5 };
    assert.equal((await runOnce({ db, clock: manualClock(NOW), settings })).runsInserted, 5);
    for (const [time, stateType, stateName] of [
      ['13:00', 'COMPLETED', 'Completed'],
      ['15:00', 'CANCELLED', 'Cancelled'],
    ] as const) {
      await prismaOf(db).flowRun.updateMany({
        where: { expectedStartTime: new Date(`2026-03-01T${time}:00Z`) },
        data: { stateType, stateName },
      });
    }
  } finally {
    await db.close();
  }
}

for (const provider of testProviders()) {
  describe(`runs ls filters on ${provider}`, () => {
    let testDb: TestDatabase;
    before(async () => {
      testDb = await createTestDatabase(provider);
      await seedRuns(testDb.url);
    });
    after(() => testDb.drop());

    /** The hours (UTC) of the runs `runs ls` lists with `flags`, in its order. */
    async function hoursListed(...flags: string[]): Promise<string[]> {
      const result = await runCli(['runs', 'ls', '--json', ...flags], { env: { SCHEDULER_DATABASE_URL: testDb.url } });
      assert.equal(result.code, 0, result.stderr);
      const { runs } = JSON.parse(result.stdout) as { runs: Array<{ scheduledTime: string; state: string }> };
      return runs.map((run) => `${new Date(run.scheduledTime).toISOString().slice(11, 16)} ${run.state}`);
    }

    test('without a filter: every run, by scheduled time', async () => {
      assert.deepEqual(await hoursListed(), [
        '12:00 SCHEDULED',
        '13:00 COMPLETED',
        '14:00 SCHEDULED',
        '15:00 CANCELLED',
        '16:00 SCHEDULED',
      ]);
    });

    test('--state keeps the runs of that state type, in any case', async () => {
      assert.deepEqual(await hoursListed('--state', 'completed'), ['13:00 COMPLETED']);
      assert.deepEqual(await hoursListed('--state', 'SCHEDULED'), [
        '12:00 SCHEDULED',
        '14:00 SCHEDULED',
        '16:00 SCHEDULED',
      ]);
      assert.deepEqual(await hoursListed('--state', 'running'), []);
    });

    test('--after is inclusive: a run exactly at it is listed, one a millisecond earlier is not', async () => {
      assert.deepEqual(await hoursListed('--after', '2026-03-01T14:00:00Z'), [
        '14:00 SCHEDULED',
        '15:00 CANCELLED',
        '16:00 SCHEDULED',
      ]);
      assert.deepEqual(await hoursListed('--after', '2026-03-01T14:00:00.001Z'), [
        '15:00 CANCELLED',
        '16:00 SCHEDULED',
      ]);
    });

    test('--before is inclusive: a run exactly at it is listed, one a millisecond later is not', async () => {
      assert.deepEqual(await hoursListed('--before', '2026-03-01T13:00:00Z'), ['12:00 SCHEDULED', '13:00 COMPLETED']);
      assert.deepEqual(await hoursListed('--before', '2026-03-01T12:59:59.999Z'), ['12:00 SCHEDULED']);
    });

    test('the filters combine; a time without an offset is UTC', async () => {
      assert.deepEqual(
        await hoursListed('--after', '2026-03-01T13:00', '--before', '2026-03-01T15:00', '--state', 'scheduled'),
        ['14:00 SCHEDULED'],
      );
      assert.deepEqual(await hoursListed('--after', '2026-03-01T14:30:00+01:00', '--before', '2026-03-01T15:30'), [
        '14:00 SCHEDULED',
        '15:00 CANCELLED',
      ]);
    });
  });
}
