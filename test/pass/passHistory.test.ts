import { prismaOf } from '../../src/db/prisma.js';
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../src/db/openDatabase.js';
import { openSqlDatabase } from '../../src/db/openSqlDatabase.js';
import { runOnce } from '../../src/pass/runOnce.js';
import {
  notePostgresSkipped,
  openMigratedTestDatabase,
  testProviders,
  type MigratedTestDatabase,
} from '../helpers/testDatabase.js';
import { manualClock } from '../helpers/manualClock.js';
import { DEFAULT_PASS_SETTINGS, deploymentSpec, scheduleSpec, seedDeployments } from '../helpers/fixtures.js';

notePostgresSkipped();

const NOW = new Date('2026-03-01T12:00:00.000Z');
const MINUTE = 60_000;
const INSTANCE_A = { host: 'host-a', pid: 1, version: 'test' };
const INSTANCE_B = { host: 'host-b', pid: 2, version: 'test' };

for (const provider of testProviders()) {
  describe(`pass history and late runs on ${provider}`, () => {
    let suite: MigratedTestDatabase;
    let db: Database;
    before(async () => {
      suite = await openMigratedTestDatabase(provider);
      db = suite.db;
    });
    after(() => suite.close());
    beforeEach(async () => {
      await prismaOf(db).flow.deleteMany();
      await prismaOf(db).schedulerPass.deleteMany();
    });

    test('every pass records one row with its instance, kind, counts and outcome', async () => {
      await seedDeployments(db, [deploymentSpec('etl/minutely', [scheduleSpec({ cron: '* * * * *' })])], NOW);
      const clock = manualClock(NOW);
      const report = await runOnce({ db, clock, settings: DEFAULT_PASS_SETTINGS, instance: INSTANCE_A });
      clock.advance(MINUTE);
      await runOnce({ db, clock, settings: DEFAULT_PASS_SETTINGS, kind: 'loop', instance: INSTANCE_B });
      const rows = await prismaOf(db).schedulerPass.findMany({ orderBy: { started: 'asc' } });
      assert.deepEqual(
        rows.map((r) => [r.host, r.pid, r.kind, r.now.toISOString(), r.runsInserted, r.outcome]),
        [
          ['host-a', 1, 'once', NOW.toISOString(), report.runsInserted, 'ok'],
          ['host-b', 2, 'loop', new Date(NOW.getTime() + MINUTE).toISOString(), 1, 'ok'],
        ],
      );
      assert.deepEqual(rows[0]!.errors, []);
    });

    test('a failing schedule is recorded with the outcome errors', async () => {
      await seedDeployments(db, [deploymentSpec('etl/good', [scheduleSpec({ cron: '0 * * * *' })])], NOW);
      await prismaOf(db).deploymentSchedule.updateMany({ data: { schedule: { cron: '61 * * * *' } } });
      await runOnce({ db, clock: manualClock(NOW), settings: DEFAULT_PASS_SETTINGS });
      const row = await prismaOf(db).schedulerPass.findFirstOrThrow();
      assert.equal(row.outcome, 'errors');
      const errors = row.errors as Array<{ deployment: string; message: string }>;
      assert.equal(errors[0]!.deployment, 'etl/good');
      assert.match(errors[0]!.message, /61/);
    });

    test('records older than passHistory are pruned by the pass', async () => {
      const clock = manualClock(NOW);
      const settings = { ...DEFAULT_PASS_SETTINGS, passHistory: 3600 };
      await runOnce({ db, clock, settings });
      clock.advance(30 * MINUTE);
      await runOnce({ db, clock, settings });
      clock.advance(40 * MINUTE);
      await runOnce({ db, clock, settings });
      const kept = await prismaOf(db).schedulerPass.findMany({ orderBy: { started: 'asc' } });
      assert.deepEqual(
        kept.map((r) => r.now.getTime() - NOW.getTime()),
        [30 * MINUTE, 70 * MINUTE],
      );
    });

    test('a pass whose record cannot be written still schedules, and logs it', async () => {
      await seedDeployments(db, [deploymentSpec('etl/hourly', [scheduleSpec({ cron: '0 * * * *' })])], NOW);
      await db.sql.query({
        render: () => ({ text: 'ALTER TABLE scheduler_pass RENAME TO scheduler_pass_away', values: [] }),
      });
      const warnings: string[] = [];
      const logger = { debug() {}, info() {}, error() {}, warn: (message: string) => warnings.push(message) };
      try {
        const report = await runOnce({ db, clock: manualClock(NOW), settings: DEFAULT_PASS_SETTINGS, logger });
        assert.equal(report.runsInserted, 3);
        assert.deepEqual(warnings, ['could not record the pass in the pass history']);
      } finally {
        await db.sql.query({
          render: () => ({ text: 'ALTER TABLE scheduler_pass_away RENAME TO scheduler_pass', values: [] }),
        });
      }
    });

    test('a pass that fails is recorded as failed, with its message, and still throws', async () => {
      await seedDeployments(db, [deploymentSpec('etl/hourly', [scheduleSpec({ cron: '0 * * * *' })])], NOW);
      const rename = (from: string, to: string) =>
        db.sql.query({ render: () => ({ text: `ALTER TABLE ${from} RENAME TO ${to}`, values: [] }) });
      await rename('flow_run', 'flow_run_away');
      try {
        await assert.rejects(runOnce({ db, clock: manualClock(NOW), settings: DEFAULT_PASS_SETTINGS }));
      } finally {
        await rename('flow_run_away', 'flow_run');
      }
      const row = await prismaOf(db).schedulerPass.findFirstOrThrow();
      assert.equal(row.outcome, 'failed');
      const errors = row.errors as Array<{ deployment: string | null; message: string }>;
      assert.equal(errors.length, 1);
      assert.equal(errors[0]!.deployment, null);
      assert.match(errors[0]!.message, /flow_run/);
    });

    test('a run still Scheduled lateAfter after its time becomes Late once, across passes and two instances', async () => {
      await seedDeployments(db, [deploymentSpec('etl/minutely', [scheduleSpec({ cron: '* * * * *' })])], NOW);
      const settings = { ...DEFAULT_PASS_SETTINGS, minRuns: 5, minScheduledTime: 0 };
      const clock = manualClock(NOW);
      await runOnce({ db, clock, settings });
      // 12:00 .. 12:04 exist; at 12:02:20 the runs of 12:00, 12:01 and 12:02 are 15 s or more late.
      clock.set(new Date(NOW.getTime() + 2 * MINUTE + 20_000));
      // Two connections, as two instances have. better-sqlite3 is synchronous, so on SQLite the
      // second would block the first's event loop on the file lock: there they take turns.
      const other = await openSqlDatabase(suite.testDb.url);
      try {
        const passA = () => runOnce({ db, clock, settings, instance: INSTANCE_A });
        const passB = () => runOnce({ db: other, clock, settings, instance: INSTANCE_B });
        const [a, b] = provider === 'postgres' ? await Promise.all([passA(), passB()]) : [await passA(), await passB()];
        assert.equal(a.runsMarkedLate + b.runsMarkedLate, 3);
      } finally {
        await other.close();
      }
      const again = await runOnce({ db, clock, settings });
      assert.equal(again.runsMarkedLate, 0);
      const late = await prismaOf(db).flowRun.findMany({
        where: { stateName: 'Late' },
        include: { states: true },
        orderBy: { expectedStartTime: 'asc' },
      });
      assert.deepEqual(
        late.map((r) => [r.stateType, r.expectedStartTime.getTime() - NOW.getTime()]),
        [
          ['SCHEDULED', 0],
          ['SCHEDULED', MINUTE],
          ['SCHEDULED', 2 * MINUTE],
        ],
      );
      for (const run of late) {
        assert.deepEqual(run.states.map((s) => [s.type, s.name]).sort(), [
          ['SCHEDULED', 'Late'],
          ['SCHEDULED', 'Scheduled'],
        ]);
      }
      const recorded = await prismaOf(db).schedulerPass.aggregate({ _sum: { runsMarkedLate: true } });
      assert.equal(recorded._sum.runsMarkedLate, 3);
    });

    test('markLateRuns off leaves late runs Scheduled', async () => {
      await seedDeployments(db, [deploymentSpec('etl/minutely', [scheduleSpec({ cron: '* * * * *' })])], NOW);
      const clock = manualClock(NOW);
      const settings = { ...DEFAULT_PASS_SETTINGS, markLateRuns: false };
      await runOnce({ db, clock, settings });
      clock.advance(10 * MINUTE);
      assert.equal((await runOnce({ db, clock, settings })).runsMarkedLate, 0);
      assert.equal(await prismaOf(db).flowRun.count({ where: { stateName: 'Late' } }), 0);
    });
  });
}
