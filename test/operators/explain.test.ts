import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/openDatabase.js';
import { prismaOf } from '../../src/db/prisma.js';
import { uuidv7 } from '../../src/ids.js';
import { runCliAt } from '../helpers/cliInProcess.js';
import { manualClock, type ManualClock } from '../helpers/manualClock.js';
import { createTestDatabase, notePostgresSkipped, testProviders, type TestDatabase } from '../helpers/testDatabase.js';

notePostgresSkipped();

const DEPLOYMENTS = `deployments:
  - name: gap
    flow_name: dst
    schedules: [{cron: "30 2 * * *", timezone: America/New_York}]
  - name: fold
    flow_name: dst
    schedules: [{cron: "30 1 * * *", timezone: America/New_York}]
  - name: paused
    flow_name: ops
    schedules: [{cron: "0 9 * * *", timezone: Europe/Berlin}]
  - name: inactive
    flow_name: ops
    schedules: [{cron: "0 6 * * *", active: false}]
  - name: edited
    flow_name: ops
    schedules: [{cron: "0 * * * *"}]
`;

interface Explained {
  key: string;
  verdict: string | null;
  evidence: Record<string, any>;
  nextRuns: string[];
  runwayUntil: string | null;
  lastPass: { outcome: string | null } | null;
}

function only(result: { code: number; stderr: string; json: any }): Explained {
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.json.schedules.length, 1);
  return result.json.schedules[0];
}

async function withDb<T>(url: string, work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const db = await openDatabase(url);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

for (const provider of testProviders()) {
  describe(`explain on ${provider}`, () => {
    let testDb: TestDatabase;
    let env: Record<string, string>;
    let clock: ManualClock;
    const dir = mkdtempSync(join(tmpdir(), 'scheduler-explain-'));
    const file = join(dir, 'deployments.yaml');
    const cli = (...args: string[]) => runCliAt(clock, args, env);
    before(async () => {
      testDb = await createTestDatabase(provider);
      env = { SCHEDULER_DATABASE_URL: testDb.url };
      clock = manualClock(new Date('2027-03-01T12:00:00Z'));
      if (provider === 'postgres') assert.equal((await cli('db', 'upgrade')).code, 0);
      writeFileSync(file, DEPLOYMENTS);
      assert.equal((await cli('deployments', 'apply', '-f', file, '--no-schedule')).code, 0);
    });
    after(() => testDb.drop());

    test('a wall time in the spring-forward gap: DST_GAP_SHIFTED names 03:30 EDT (07:30Z) and its run', async () => {
      clock.set(new Date('2027-03-13T12:00:00Z'));
      assert.equal((await cli('once')).code, 0);
      const gap = only(await cli('explain', 'dst/gap', '--at', '2027-03-14T02:30', '--json'));
      assert.equal(gap.verdict, 'DST_GAP_SHIFTED');
      assert.equal(gap.evidence.shiftedTo, '2027-03-14T03:30:00-04:00');
      assert.equal(gap.evidence.shiftedToUtc, '2027-03-14T07:30:00.000Z');
      assert.equal(gap.evidence.run.scheduledTime, '2027-03-14T03:30:00-04:00');
      const human = await cli('explain', 'dst/gap', '--at', '2027-03-14T02:30');
      assert.match(human.stdout, /DST_GAP_SHIFTED/);
      assert.match(human.stdout, /did not exist in America\/New_York/);
    });

    test('a wall time the fall-back repeats: DST_REPEATED_HOUR, fired at the first', async () => {
      const fold = only(await cli('explain', 'dst/fold', '--at', '2027-11-07T01:30', '--json'));
      assert.equal(fold.verdict, 'DST_REPEATED_HOUR');
      assert.equal(fold.evidence.firesAtUtc, '2027-11-07T05:30:00.000Z');
      assert.deepEqual(fold.evidence.occurrences, ['2027-11-07T01:30:00-04:00', '2027-11-07T01:30:00-05:00']);
    });

    test('a time the schedule never fires at, and a time beyond its runway', async () => {
      const notFire = only(await cli('explain', 'dst/gap', '--at', '2027-03-20T02:00', '--json'));
      assert.equal(notFire.verdict, 'NOT_A_FIRE_TIME');
      assert.equal(notFire.evidence.nearestBefore, '2027-03-19T02:30:00-04:00');
      assert.equal(notFire.evidence.nearestAfter, '2027-03-20T02:30:00-04:00');
      const later = only(await cli('explain', 'dst/gap', '--at', '2027-06-01T02:30', '--json'));
      assert.equal(later.verdict, 'NOT_YET_SCHEDULED');
      assert.equal(later.evidence.runwayUntil, later.runwayUntil);
      const earlier = only(await cli('explain', 'dst/gap', '--at', '2027-02-01T02:30', '--json'));
      assert.equal(earlier.verdict, 'BEFORE_SCHEDULE_EXISTED');
      assert.equal(earlier.evidence.since, '2027-03-01T07:00:00-05:00');
    });

    test('a paused deployment: DEPLOYMENT_PAUSED since the pause', async () => {
      clock.set(new Date('2027-03-13T12:05:00Z'));
      assert.equal((await cli('deployments', 'pause', 'ops/paused')).code, 0);
      const paused = only(await cli('explain', 'ops/paused', '--at', '2027-03-15T09:00', '--json'));
      assert.equal(paused.verdict, 'DEPLOYMENT_PAUSED');
      assert.equal(paused.evidence.since, '2027-03-13T13:05:00+01:00');
    });

    test('an inactive schedule: SCHEDULE_INACTIVE since it became so', async () => {
      const inactive = only(await cli('explain', 'ops/inactive', '--at', '2027-03-20T06:00:00Z', '--json'));
      assert.equal(inactive.verdict, 'SCHEDULE_INACTIVE');
      assert.equal(inactive.evidence.since, '2027-03-01T12:00:00Z');
    });

    test('a slot an apply removed: SCHEDULE_CHANGED with the change time and the runs it deleted', async () => {
      clock.set(new Date('2027-03-13T12:10:00Z'));
      writeFileSync(file, DEPLOYMENTS.replace('cron: "0 * * * *"', 'cron: "30 * * * *"'));
      const applied = await cli('deployments', 'apply', '-f', file, '--json', '--no-schedule');
      assert.equal(applied.json.runsDeleted, 2);
      const changed = only(await cli('explain', 'ops/edited', '--at', '2027-03-13T14:00:00Z', '--json'));
      assert.equal(changed.verdict, 'SCHEDULE_CHANGED');
      assert.equal(changed.evidence.changedAt, '2027-03-13T12:10:00Z');
      assert.equal(changed.evidence.runsDeleted, 2);
      assert.deepEqual(changed.evidence.before, { cron: '0 * * * *', day_or: true, timezone: 'UTC' });
      assert.equal(changed.evidence.nearestAfter, '2027-03-13T14:30:00Z');
    });

    test('a backfilled slot: RUN_EXISTS with its tags and state history', async () => {
      await withDb(testDb.url, async (db) => {
        const schedule = await prismaOf(db).deploymentSchedule.findFirstOrThrow({
          where: { deployment: { name: 'fold' } },
          include: { deployment: true },
        });
        const at = new Date('2027-03-05T06:30:00Z');
        const id = uuidv7(at.getTime());
        await prismaOf(db).flowRun.create({
          data: {
            id,
            name: 'backfilled-run',
            flowId: schedule.deployment.flowId,
            deploymentId: schedule.deploymentId,
            deploymentScheduleId: schedule.id,
            parameters: {},
            tags: ['backfill'],
            idempotencyKey: `backfill ${schedule.deploymentId} ${schedule.key} ${at.toISOString()}`,
            stateType: 'COMPLETED',
            stateName: 'Completed',
            expectedStartTime: at,
            created: at,
            updated: at,
            states: { create: [{ id: uuidv7(at.getTime()), type: 'COMPLETED', name: 'Completed', timestamp: at }] },
          },
        });
      });
      const exists = only(await cli('explain', 'dst/fold', '--at', '2027-03-05T01:30', '--json'));
      assert.equal(exists.verdict, 'RUN_EXISTS');
      assert.equal(exists.evidence.runName, 'backfilled-run');
      assert.deepEqual(exists.evidence.tags, ['backfill']);
      assert.deepEqual(
        exists.evidence.states.map((s: { name: string }) => s.name),
        ['Completed'],
      );
    });

    test('a schedule that cannot be evaluated: SCHEDULE_ERROR', async () => {
      await withDb(testDb.url, (db) =>
        prismaOf(db).deploymentSchedule.updateMany({
          where: { deployment: { name: 'paused' } },
          data: { schedule: { cron: '61 * * * *' } },
        }),
      );
      const broken = only(await cli('explain', 'ops/paused', '--at', '2027-03-15T09:00', '--json'));
      assert.equal(broken.verdict, 'SCHEDULE_ERROR');
      assert.match(broken.evidence.message, /61/);
    });

    test('without --at: next fire times, runway, last pass', async () => {
      const overview = only(await cli('explain', 'dst/gap', '--json'));
      assert.equal(overview.verdict, null);
      assert.deepEqual(overview.nextRuns, [
        '2027-03-14T03:30:00-04:00',
        '2027-03-15T02:30:00-04:00',
        '2027-03-16T02:30:00-04:00',
      ]);
      assert.equal(overview.runwayUntil, '2027-03-16T02:30:00-04:00');
      assert.equal(overview.lastPass?.outcome, 'ok');
      const human = await cli('explain', 'dst/gap');
      assert.match(human.stdout, /next fire times: 2027-03-14 03:30 EDT \(2027-03-14 07:30Z\)/);
    });

    test('an unknown deployment or schedule: one line, exit 2', async () => {
      const unknown = await cli('explain', 'nope/nothing');
      assert.equal(unknown.code, 2);
      assert.equal(unknown.stderr.trim().split('\n').length, 1);
      const badKey = await cli('explain', 'dst/gap', '--schedule', 'nope');
      assert.equal(badKey.code, 2);
      assert.match(badKey.stderr, /schedule "nope" not found in dst\/gap/);
      const badAt = await cli('explain', 'dst/gap', '--at', 'yesterday');
      assert.equal(badAt.code, 2);
      assert.match(badAt.stderr, /--at "yesterday"/);
    });
  });

  describe(`explain after a gap between passes on ${provider}`, () => {
    let testDb: TestDatabase;
    let env: Record<string, string>;
    const clock = manualClock(new Date('2027-01-04T10:00:00Z'));
    const cli = (...args: string[]) => runCliAt(clock, args, env);
    before(async () => {
      testDb = await createTestDatabase(provider);
      env = { SCHEDULER_DATABASE_URL: testDb.url, SCHEDULER_MIN_RUNS: '1', SCHEDULER_MIN_SCHEDULED_TIME: '0' };
      if (provider === 'postgres') assert.equal((await cli('db', 'upgrade')).code, 0);
      const file = join(mkdtempSync(join(tmpdir(), 'scheduler-explain-')), 'hourly.yaml');
      writeFileSync(file, 'deployments:\n  - {name: hourly, flow_name: ops, schedules: [{cron: "0 * * * *"}]}\n');
      assert.equal((await cli('deployments', 'apply', '-f', file, '--no-schedule')).code, 0);
    });
    after(() => testDb.drop());

    test('three hours without a pass: MISSED_SCHEDULER_DOWN bounded by the recorded passes', async () => {
      const noHistory = only(await cli('explain', 'ops/hourly', '--at', '2027-01-04T09:00:00Z', '--json'));
      assert.equal(noHistory.verdict, 'BEFORE_SCHEDULE_EXISTED');
      clock.set(new Date('2027-01-04T10:30:00Z'));
      assert.equal((await cli('once')).code, 0);
      clock.set(new Date('2027-01-04T13:30:00Z'));
      assert.equal((await cli('once')).code, 0);
      const missed = only(await cli('explain', 'ops/hourly', '--at', '2027-01-04T12:00:00Z', '--json'));
      assert.equal(missed.verdict, 'MISSED_SCHEDULER_DOWN');
      assert.equal(missed.evidence.lastPassBefore, '2027-01-04T10:30:00Z');
      assert.equal(missed.evidence.firstPassAfter, '2027-01-04T13:30:00Z');
      assert.equal(missed.evidence.catchup, 'none');
      const made = only(await cli('explain', 'ops/hourly', '--at', '2027-01-04T11:00:00Z', '--json'));
      assert.equal(made.verdict, 'RUN_EXISTS');
      assert.deepEqual(made.evidence.tags, ['auto-scheduled']);
    });

    test('a slot before any recorded pass: the verdict says the records cannot tell', async () => {
      // As if the schedule had existed long before the pass history kept begins.
      await withDb(testDb.url, async (db) => {
        await prismaOf(db).deploymentSchedule.updateMany({ data: { created: new Date('2027-01-01T00:00:00Z') } });
        await prismaOf(db).deploymentChange.deleteMany();
      });
      const unknown = only(await cli('explain', 'ops/hourly', '--at', '2027-01-04T08:00:00Z', '--json'));
      assert.equal(unknown.verdict, null);
      assert.equal(unknown.evidence.unsupported, 'no pass history before 2027-01-04T10:30:00Z');
    });
  });
}
