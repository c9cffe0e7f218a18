import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { prismaOf } from '../../src/db/prisma.js';
import type { Database } from '../../src/db/openDatabase.js';
import { runOnce, scheduleDeployments, type PassSettings } from '../../src/pass/runOnce.js';
import { applyDeployments } from '../../src/deployments/applyDeployments.js';
import { setPaused } from '../../src/deployments/deploymentStore.js';
import { keyDeploymentSpecs } from '../../src/deployments/resolveSpecs.js';
import { previewDeployments } from '../../src/preview/preview.js';
import type { ScheduleSpec } from '../../src/deployments/file/index.js';
import {
  notePostgresSkipped,
  openMigratedTestDatabase,
  testProviders,
  type MigratedTestDatabase,
} from '../helpers/testDatabase.js';
import { manualClock } from '../helpers/manualClock.js';
import { DEFAULT_PASS_SETTINGS, deploymentSpec, scheduleSpec, seedDeployments } from '../helpers/fixtures.js';

notePostgresSkipped();

const at = (hhmmss: string) => new Date(`2026-03-02T${hhmmss}.000Z`);
const EVERY_MINUTE = { cron: '* * * * *', timezone: 'UTC' };

function minuteDeployment(extra: Partial<ScheduleSpec> = {}) {
  return deploymentSpec('etl/minutely', [scheduleSpec(EVERY_MINUTE, { slug: 'tick', ...extra })]);
}

for (const provider of testProviders()) {
  describe(`changes take effect at once, and catch-up, on ${provider}`, () => {
    let suite: MigratedTestDatabase;
    let db: Database;
    before(async () => {
      suite = await openMigratedTestDatabase(provider);
      db = suite.db;
    });
    after(() => suite.close());
    beforeEach(() => prismaOf(db).flow.deleteMany());

    const runTimes = async (where: { tags?: string } = {}) => {
      const runs = await prismaOf(db).flowRun.findMany({ orderBy: { expectedStartTime: 'asc' } });
      return runs
        .filter((r) => where.tags === undefined || (r.tags as string[]).includes(where.tags))
        .map((r) => r.expectedStartTime.toISOString().slice(11, 19));
    };

    /** A 1-minute schedule passed at 12:00; the next pass comes at 17:00:30. */
    async function outage(settings: Partial<PassSettings>, extra: Partial<ScheduleSpec> = {}) {
      await seedDeployments(db, [minuteDeployment(extra)], at('11:59:00'));
      const first = await runOnce({ db, clock: manualClock(at('12:00:00')), settings: DEFAULT_PASS_SETTINGS });
      assert.equal(first.runsInserted, 61, '12:00 .. 13:00');
      return runOnce({ db, clock: manualClock(at('17:00:30')), settings: { ...DEFAULT_PASS_SETTINGS, ...settings } });
    }

    test('apply at 12:00:30 that changes a 1-minute schedule: the 12:01:00 run exists right after it', async () => {
      await seedDeployments(db, [minuteDeployment()], at('11:59:00'));
      await runOnce({ db, clock: manualClock(at('12:00:00')), settings: DEFAULT_PASS_SETTINGS });
      const edited = deploymentSpec('etl/minutely', [
        scheduleSpec({ interval: 60, anchor_date: '2026-01-01T00:00:00Z' }, { slug: 'tick' }),
      ]);
      const now = at('12:00:30');
      const applied = await applyDeployments(db, keyDeploymentSpecs([edited], 'test'), { now });
      assert.equal(applied.runsDeleted, 60, '12:01 .. 13:00 were deleted');
      const report = await scheduleDeployments({
        db,
        clock: manualClock(now),
        settings: DEFAULT_PASS_SETTINGS,
        deploymentIds: applied.changedIds,
        now,
      });
      assert.equal(report.runsInserted, 61, '12:01 .. 13:01');
      assert.deepEqual([report.runsCaughtUp, report.slotsMissed], [0, 0]);
      const times = await runTimes();
      assert.deepEqual(times.slice(0, 3), ['12:00:00', '12:01:00', '12:02:00']);
    });

    test('resume after a 3-hour pause creates nothing before the resume, even with catchup=all', async () => {
      await seedDeployments(db, [minuteDeployment()], at('11:59:00'));
      await runOnce({ db, clock: manualClock(at('12:00:00')), settings: DEFAULT_PASS_SETTINGS });
      const id = (await prismaOf(db).deployment.findFirstOrThrow()).id;
      await setPaused(db, [id], true, at('12:00:30'));
      const resumed = await setPaused(db, [id], false, at('15:00:30'));
      const settings = { ...DEFAULT_PASS_SETTINGS, catchup: 'all' as const };
      const report = await scheduleDeployments({
        db,
        clock: manualClock(at('15:00:30')),
        settings,
        deploymentIds: resumed.changedIds,
      });
      assert.deepEqual([report.runsCaughtUp, report.slotsMissed], [0, 0]);
      const times = await runTimes();
      assert.deepEqual(times.slice(0, 2), ['12:00:00', '15:01:00'], 'nothing between the pause and the resume');
      const later = await runOnce({ db, clock: manualClock(at('15:02:00')), settings });
      assert.deepEqual([later.runsCaughtUp, later.slotsMissed], [0, 0]);
    });

    test('catchup=none: only future runs, and every missed slot counted', async () => {
      const report = await outage({ catchup: 'none' });
      assert.deepEqual([report.runsCaughtUp, report.slotsMissed], [0, 240], '13:01 .. 17:00');
      assert.deepEqual(await runTimes({ tags: 'catch-up' }), []);
      assert.equal((await runTimes()).filter((t) => t > '13:00:00' && t < '17:01:00').length, 0);
    });

    test('catchup=latest: one run at 17:00, tagged catch-up', async () => {
      const report = await outage({ catchup: 'latest' });
      assert.deepEqual([report.runsCaughtUp, report.slotsMissed], [1, 239]);
      assert.deepEqual(await runTimes({ tags: 'catch-up' }), ['17:00:00']);
      const run = await prismaOf(db).flowRun.findFirstOrThrow({ where: { expectedStartTime: at('17:00:00') } });
      // An ordinary scheduled run at its own past time: 30 s late at 17:00:30, so the same pass marks it Late.
      assert.deepEqual([run.stateType, run.stateName, run.autoScheduled], ['SCHEDULED', 'Late', true]);
      // With it, the 61 runs of 12:00 .. 13:00 that nobody started.
      assert.equal(report.runsMarkedLate, 62);
      assert.match(run.idempotencyKey!, / tick 2026-03-02T17:00:00.000Z$/);
    });

    test('catchup=all with catchupWindow PT1H: 60 runs, 16:01 .. 17:00; a second pass adds and counts nothing', async () => {
      const report = await outage({ catchup: 'all', catchupWindow: 3600 });
      // The slots before the window are not examined (the log line names that span), so not counted.
      assert.deepEqual([report.runsCaughtUp, report.slotsMissed], [60, 0]);
      const caught = await runTimes({ tags: 'catch-up' });
      assert.equal(caught.length, 60);
      assert.deepEqual([caught[0], caught[59]], ['16:01:00', '17:00:00']);
      const again = await runOnce({
        db,
        clock: manualClock(at('17:00:40')),
        settings: { ...DEFAULT_PASS_SETTINGS, catchup: 'all', catchupWindow: 3600 },
      });
      assert.deepEqual([again.runsInserted, again.runsCaughtUp, again.slotsMissed], [0, 0, 0]);
    });

    test('catchupMaxRuns 10: the 10 newest missed slots', async () => {
      const report = await outage({ catchup: 'all', catchupMaxRuns: 10 });
      assert.deepEqual([report.runsCaughtUp, report.slotsMissed], [10, 230]);
      const caught = await runTimes({ tags: 'catch-up' });
      assert.deepEqual([caught.length, caught[0], caught[9]], [10, '16:51:00', '17:00:00']);
    });

    test("a schedule's own catchup beats the setting", async () => {
      const report = await outage({ catchup: 'none' }, { catchup: 'latest' });
      assert.deepEqual([report.runsCaughtUp, report.slotsMissed], [1, 239]);
    });

    test('preview at 17:00:30 lists exactly what the pass then inserts, catch-up runs included', async () => {
      await seedDeployments(db, [minuteDeployment()], at('11:59:00'));
      await runOnce({ db, clock: manualClock(at('12:00:00')), settings: DEFAULT_PASS_SETTINGS });
      const settings = { ...DEFAULT_PASS_SETTINGS, catchup: 'all' as const, catchupWindow: 600 };
      const previewed = await previewDeployments(db, [], { start: at('17:00:30') }, settings);
      const before = new Set(await runTimes());
      await runOnce({ db, clock: manualClock(at('17:00:30')), settings });
      const inserted = (await runTimes()).filter((t) => !before.has(t));
      const shown = previewed.filter((r) => r.status !== 'scheduled');
      assert.deepEqual(
        shown.map((r) => r.scheduledTime.toISOString().slice(11, 19)),
        inserted,
      );
      assert.equal(shown.filter((r) => r.status === 'catch-up').length, 10);
    });
  });
}
