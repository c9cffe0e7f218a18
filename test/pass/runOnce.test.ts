import { prismaOf } from '../../src/db/prisma.js';
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase, type Database } from '../../src/db/openDatabase.js';
import { upgradeDatabase } from '../../src/db/migrations/migrate.js';
import { parseDatabaseUrl } from '../../src/db/databaseUrl.js';
import { runOnce } from '../../src/pass/runOnce.js';
import { createTestDatabase, notePostgresSkipped, testProviders, type TestDatabase } from '../helpers/testDatabase.js';
import { manualClock } from '../helpers/manualClock.js';
import { DEFAULT_PASS_SETTINGS, deploymentSpec, scheduleSpec, seedDeployments } from '../helpers/fixtures.js';

notePostgresSkipped();

const NOW = new Date('2026-03-01T12:00:00.000Z');
const ANCHOR = new Date(NOW.getTime() + 1000).toISOString();

async function openFresh(testDb: TestDatabase): Promise<Database> {
  await upgradeDatabase(parseDatabaseUrl(testDb.url));
  return openDatabase(testDb.url);
}

async function clearAll(db: Database) {
  await prismaOf(db).flow.deleteMany();
}

for (const provider of testProviders()) {
  describe(`scheduling pass on ${provider}`, () => {
    let testDb: TestDatabase;
    let db: Database;
    before(async () => {
      testDb = await createTestDatabase(provider);
      db = await openFresh(testDb);
    });
    after(async () => {
      await db.close();
      await testDb.drop();
    });
    beforeEach(() => clearAll(db));

    test('onProgress reports the counts after each page of deployments', async () => {
      await seedDeployments(
        db,
        [1, 2, 3, 4, 5].map((i) =>
          deploymentSpec(`progress/d${i}`, [scheduleSpec({ interval: 3600, anchor_date: ANCHOR })]),
        ),
        NOW,
      );
      const seen: Array<[number, number]> = [];
      const report = await runOnce({
        db,
        clock: manualClock(NOW),
        settings: { ...DEFAULT_PASS_SETTINGS, deploymentBatchSize: 2 },
        onProgress: (soFar) => seen.push([soFar.deploymentsScanned, soFar.runsInserted]),
      });
      assert.deepEqual(seen, [
        [2, 6],
        [4, 12],
        [5, 15],
      ]);
      assert.equal(report.runsInserted, 15);
    });

    test("Prefect's waterfall counts with default settings (anchor 1 s after now)", async () => {
      const cases: Array<[number, number]> = [
        [60, 61],
        [300, 13],
        [3600, 3],
        [60 * 86400, 2],
      ];
      await seedDeployments(
        db,
        cases.map(([seconds]) =>
          deploymentSpec(`waterfall/every-${seconds}`, [scheduleSpec({ interval: seconds, anchor_date: ANCHOR })]),
        ),
        NOW,
      );
      const report = await runOnce({ db, clock: manualClock(NOW), settings: DEFAULT_PASS_SETTINGS });
      assert.equal(report.runsInserted, 61 + 13 + 3 + 2);
      assert.deepEqual(report.errors, []);
      for (const [seconds, expected] of cases) {
        const deployment = await prismaOf(db).deployment.findFirstOrThrow({ where: { name: `every-${seconds}` } });
        assert.equal(
          await prismaOf(db).flowRun.count({ where: { deploymentId: deployment.id } }),
          expected,
          `interval ${seconds}`,
        );
      }
      assert.equal(await prismaOf(db).flowRunState.count(), report.runsInserted, 'every run has its state row');
    });

    test('runs carry the SPEC fields; a second pass inserts nothing and scans nothing', async () => {
      await seedDeployments(
        db,
        [
          deploymentSpec('etl/nightly', [
            scheduleSpec(
              { cron: '0 2 * * *', timezone: 'America/New_York' },
              { slug: 'nightly', parameters: { full: true } },
            ),
          ]),
        ],
        NOW,
      );
      const clock = manualClock(NOW);
      const first = await runOnce({ db, clock, settings: DEFAULT_PASS_SETTINGS });
      assert.equal(first.runsInserted, 3);
      const run = await prismaOf(db).flowRun.findFirstOrThrow({
        orderBy: { expectedStartTime: 'asc' },
        include: { states: true, deployment: true },
      });
      assert.equal(run.expectedStartTime.toISOString(), '2026-03-02T07:00:00.000Z');
      assert.equal(run.idempotencyKey, `scheduled ${run.deploymentId} nightly 2026-03-02T07:00:00.000Z`);
      assert.deepEqual(run.tags, ['auto-scheduled', 'prod']);
      assert.deepEqual(run.parameters, { region: 'eu', full: true });
      assert.deepEqual(
        [run.stateType, run.stateName, run.autoScheduled, run.workQueueName],
        ['SCHEDULED', 'Scheduled', true, 'default'],
      );
      assert.equal(run.nextScheduledStartTime?.toISOString(), run.expectedStartTime.toISOString());
      assert.equal(run.states.length, 1);
      assert.deepEqual(
        [run.states[0]!.type, run.states[0]!.name, run.states[0]!.message],
        ['SCHEDULED', 'Scheduled', 'Flow run scheduled'],
      );
      assert.equal(run.states[0]!.scheduledTime?.toISOString(), run.expectedStartTime.toISOString());
      assert.equal(run.states[0]!.timestamp.toISOString(), NOW.toISOString());
      const second = await runOnce({ db, clock, settings: DEFAULT_PASS_SETTINGS });
      assert.deepEqual([second.runsInserted, second.deploymentsScanned], [0, 0]);
    });

    // better-sqlite3 is synchronous: two connections in one process would block each other's
    // event loop, so SQLite's concurrency is proven with processes (test/cli/once.test.ts).
    test('two passes at the same moment insert each run exactly once', { skip: provider === 'sqlite' }, async () => {
      await seedDeployments(
        db,
        Array.from({ length: 12 }, (_, i) =>
          deploymentSpec(`flow/d${i}`, [scheduleSpec({ interval: 600, anchor_date: ANCHOR })]),
        ),
        NOW,
      );
      const other = await openDatabase(testDb.url);
      try {
        const settings = { ...DEFAULT_PASS_SETTINGS, deploymentBatchSize: 5, insertBatchSize: 7 };
        const reports = await Promise.all([
          runOnce({ db, clock: manualClock(NOW), settings }),
          runOnce({ db: other, clock: manualClock(NOW), settings }),
        ]);
        const total = await prismaOf(db).flowRun.count();
        assert.equal(total, 12 * 7);
        assert.equal(reports[0].runsInserted + reports[1].runsInserted, total);
        const keys = await prismaOf(db).flowRun.groupBy({ by: ['idempotencyKey'], _count: true });
        assert.equal(keys.length, total);
      } finally {
        await other.close();
      }
    });

    test('a cancelled run keeps its slot; a deleted run frees it', async () => {
      await seedDeployments(
        db,
        [deploymentSpec('etl/hourly', [scheduleSpec({ interval: 3600, anchor_date: ANCHOR })])],
        NOW,
      );
      const clock = manualClock(NOW);
      await runOnce({ db, clock, settings: DEFAULT_PASS_SETTINGS });
      const [first, second] = await prismaOf(db).flowRun.findMany({ orderBy: { expectedStartTime: 'asc' } });
      await prismaOf(db).flowRun.update({
        where: { id: first!.id },
        data: { stateType: 'CANCELLED', stateName: 'Cancelled' },
      });
      assert.equal((await runOnce({ db, clock, settings: DEFAULT_PASS_SETTINGS })).runsInserted, 0);
      assert.equal(await prismaOf(db).flowRun.count({ where: { stateType: 'SCHEDULED' } }), 2);
      await prismaOf(db).flowRun.delete({ where: { id: second!.id } });
      assert.equal((await runOnce({ db, clock, settings: DEFAULT_PASS_SETTINGS })).runsInserted, 1);
      const refilled = await prismaOf(db).flowRun.findFirstOrThrow({
        where: { expectedStartTime: second!.expectedStartTime },
      });
      assert.equal(refilled.stateType, 'SCHEDULED');
      assert.notEqual(refilled.id, second!.id);
    });

    test('a bad schedule is reported and the others are scheduled', async () => {
      await seedDeployments(
        db,
        [
          deploymentSpec('a/good', [scheduleSpec({ cron: '*/30 * * * *' })]),
          deploymentSpec('b/broken', [
            scheduleSpec({ cron: '0 * * * *' }, { slug: 'will-break' }),
            scheduleSpec({ interval: 3600, anchor_date: ANCHOR }),
          ]),
          deploymentSpec('c/good', [scheduleSpec({ interval: 3600, anchor_date: ANCHOR })]),
        ],
        NOW,
      );
      // A definition that `apply` would refuse, written by another tool or an older version.
      await prismaOf(db).deploymentSchedule.updateMany({
        where: { slug: 'will-break' },
        data: { schedule: { cron: '61 * * * *' } },
      });
      const report = await runOnce({ db, clock: manualClock(NOW), settings: DEFAULT_PASS_SETTINGS });
      assert.equal(report.errors.length, 1);
      assert.equal(report.errors[0]!.deployment, 'b/broken');
      assert.equal(report.errors[0]!.schedule, 'will-break');
      assert.match(report.errors[0]!.message, /minute/);
      assert.equal(report.runsInserted, 3 + 3 + 3);
    });

    test('paused deployments and inactive schedules are skipped; pages and batches do not change the result', async () => {
      await seedDeployments(
        db,
        [
          ...Array.from({ length: 7 }, (_, i) =>
            deploymentSpec(`flow/d${i}`, [scheduleSpec({ interval: 900, anchor_date: ANCHOR })]),
          ),
          deploymentSpec('flow/paused', [scheduleSpec({ interval: 900, anchor_date: ANCHOR })], { paused: true }),
          deploymentSpec('flow/inactive', [scheduleSpec({ interval: 900, anchor_date: ANCHOR }, { active: false })]),
        ],
        NOW,
      );
      const report = await runOnce({
        db,
        clock: manualClock(NOW),
        settings: { ...DEFAULT_PASS_SETTINGS, deploymentBatchSize: 2, insertBatchSize: 3 },
      });
      assert.equal(report.deploymentsScanned, 7);
      assert.equal(report.runsInserted, 7 * 5);
    });

    test('saturation is counted per schedule: a 15-minute schedule is not starved by slower siblings', async () => {
      await seedDeployments(
        db,
        [
          deploymentSpec('multi/three', [
            scheduleSpec({ interval: 900, anchor_date: ANCHOR }, { slug: 'quarter-hourly' }),
            scheduleSpec({ interval: 7200, anchor_date: ANCHOR }, { slug: 'two-hourly' }),
            scheduleSpec({ interval: 6 * 3600, anchor_date: ANCHOR }, { slug: 'six-hourly' }),
          ]),
        ],
        NOW,
      );
      const settings = { ...DEFAULT_PASS_SETTINGS, maxRuns: 5, minRuns: 3 };
      const clock = manualClock(NOW);
      assert.equal((await runOnce({ db, clock, settings })).runsInserted, 5 + 3 + 3);
      assert.equal((await runOnce({ db, clock, settings })).deploymentsScanned, 0);
      const frequent = await prismaOf(db).deploymentSchedule.findFirstOrThrow({ where: { slug: 'quarter-hourly' } });
      await prismaOf(db).flowRun.updateMany({
        where: { deploymentScheduleId: frequent.id },
        data: { stateType: 'COMPLETED', stateName: 'Completed' },
      });
      assert.equal((await runOnce({ db, clock, settings })).deploymentsScanned, 1);
    });

    test('maxScheduledRuns caps a schedule', async () => {
      await seedDeployments(
        db,
        [deploymentSpec('cap/one', [scheduleSpec({ interval: 60, anchor_date: ANCHOR }, { maxScheduledRuns: 4 })])],
        NOW,
      );
      const clock = manualClock(NOW);
      assert.equal((await runOnce({ db, clock, settings: DEFAULT_PASS_SETTINGS })).runsInserted, 4);
      assert.equal(
        (await runOnce({ db, clock, settings: DEFAULT_PASS_SETTINGS })).deploymentsScanned,
        0,
        'a capped schedule counts as saturated',
      );
    });

    test('the largest insertBatchSize (5,000) works: a batch is split into statements the driver can bind', async () => {
      await seedDeployments(
        db,
        Array.from({ length: 60 }, (_, i) =>
          deploymentSpec(`wide/d${i}`, [scheduleSpec({ interval: 60, anchor_date: ANCHOR })]),
        ),
        NOW,
      );
      const settings = { ...DEFAULT_PASS_SETTINGS, minRuns: 100, insertBatchSize: 5000 };
      const report = await runOnce({ db, clock: manualClock(NOW), settings });
      assert.deepEqual(report.errors, []);
      assert.equal(report.runsInserted, 60 * 100);
      assert.equal(await prismaOf(db).flowRun.count(), 60 * 100);
      assert.equal(await prismaOf(db).flowRunState.count(), 60 * 100);
    });

    test('the horizon is inclusive: a run lands exactly at now + maxScheduledTime', async () => {
      await seedDeployments(
        db,
        [deploymentSpec('edge/hourly', [scheduleSpec({ interval: 3600, anchor_date: ANCHOR })])],
        NOW,
      );
      // Runs at now + 1 s, + 1 h 1 s, ... and the horizon at now + 5 h 1 s: the sixth run is on it.
      const settings = { ...DEFAULT_PASS_SETTINGS, minRuns: 100, maxScheduledTime: 5 * 3600 + 1 };
      assert.equal((await runOnce({ db, clock: manualClock(NOW), settings })).runsInserted, 6);
      const last = await prismaOf(db).flowRun.findFirstOrThrow({ orderBy: { expectedStartTime: 'desc' } });
      assert.equal(last.expectedStartTime.getTime(), NOW.getTime() + settings.maxScheduledTime * 1000);
    });

    test('minRuns runs that all end before now + minScheduledTime do not saturate: the schedule is topped up', async () => {
      await seedDeployments(
        db,
        [deploymentSpec('edge/quarter-hourly', [scheduleSpec({ interval: 900, anchor_date: ANCHOR })])],
        NOW,
      );
      const clock = manualClock(NOW);
      // now + 1 s, + 15 min 1 s, ... + 60 min 1 s: the waterfall stops at the first at or beyond now + 1 h.
      assert.equal((await runOnce({ db, clock, settings: DEFAULT_PASS_SETTINGS })).runsInserted, 5);
      // A minute later four runs are still ahead (minRuns is 3), the latest 1 min before now + 1 h.
      clock.advance(60_000);
      const topUp = await runOnce({ db, clock, settings: DEFAULT_PASS_SETTINGS });
      assert.deepEqual([topUp.deploymentsScanned, topUp.runsInserted], [1, 1]);
      const last = await prismaOf(db).flowRun.findFirstOrThrow({ orderBy: { expectedStartTime: 'desc' } });
      assert.equal(last.expectedStartTime.getTime(), NOW.getTime() + 75 * 60_000 + 1000);
      assert.equal((await runOnce({ db, clock, settings: DEFAULT_PASS_SETTINGS })).deploymentsScanned, 0);
    });

    test('a run exactly at now + minScheduledTime ends the waterfall and saturates the schedule', async () => {
      await seedDeployments(db, [deploymentSpec('edge/quarters', [scheduleSpec({ cron: '15,30,45 * * * *' })])], NOW);
      // 12:15, 12:30, 12:45: the third is minRuns and exactly now + 45 min; 13:15 is not planned.
      const settings = { ...DEFAULT_PASS_SETTINGS, minScheduledTime: 45 * 60 };
      const clock = manualClock(NOW);
      assert.equal((await runOnce({ db, clock, settings })).runsInserted, 3);
      assert.equal((await runOnce({ db, clock, settings })).deploymentsScanned, 0);
    });

    test('a run exactly at now counts as held', async () => {
      await seedDeployments(
        db,
        [deploymentSpec('edge/half-hourly', [scheduleSpec({ interval: 1800, anchor_date: NOW.toISOString() })])],
        NOW,
      );
      const clock = manualClock(NOW);
      // now, now + 30 min, now + 60 min: three runs, the first exactly at now.
      assert.equal((await runOnce({ db, clock, settings: DEFAULT_PASS_SETTINGS })).runsInserted, 3);
      const first = await prismaOf(db).flowRun.findFirstOrThrow({ orderBy: { expectedStartTime: 'asc' } });
      assert.equal(first.expectedStartTime.getTime(), NOW.getTime());
      assert.equal((await runOnce({ db, clock, settings: DEFAULT_PASS_SETTINGS })).deploymentsScanned, 0);
    });

    test('a schedule whose own cap is above maxRuns is full at maxRuns', async () => {
      await seedDeployments(
        db,
        [
          deploymentSpec('edge/minutely', [
            scheduleSpec({ interval: 60, anchor_date: ANCHOR }, { maxScheduledRuns: 10 }),
          ]),
        ],
        NOW,
      );
      // Five one-minute runs all end before now + 1 h: only "as many as it may hold" saturates.
      const settings = { ...DEFAULT_PASS_SETTINGS, maxRuns: 5 };
      const clock = manualClock(NOW);
      assert.equal((await runOnce({ db, clock, settings })).runsInserted, 5);
      assert.equal((await runOnce({ db, clock, settings })).deploymentsScanned, 0);
    });
  });
}
