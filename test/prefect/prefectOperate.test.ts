import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { instantColumn } from '../../src/prefect/prefectValues.js';
import { runCliAt } from '../helpers/cliInProcess.js';
import { manualClock } from '../helpers/manualClock.js';
import { notePostgresSkipped, testProviders } from '../helpers/testDatabase.js';
import {
  addPrefectDeployment,
  createPrefectDatabase,
  HOURLY_WITH_MICROSECONDS,
  PAUSED_EVERY_MINUTE,
  type AddedDeployment,
  type PrefectFixture,
} from './prefectFixture.js';

notePostgresSkipped();

// Saturday 07:00 in New York, the day before the 2027 spring-forward.
const NOW = new Date('2027-03-13T12:00:00.000Z');
const NOT_KEPT = 'pass history is not kept in the prefect data model';
const HISTORIES_NOT_KEPT = 'pass and change history are not kept in the prefect data model';

for (const provider of testProviders()) {
  describe(`explain and status on Prefect's tables (${provider})`, () => {
    let fx: PrefectFixture;
    let hourly: AddedDeployment;
    const clock = manualClock(NOW);
    const cli = (...args: string[]) =>
      runCliAt(clock, [...args, '--data-model', 'prefect'], { SCHEDULER_DATABASE_URL: fx.url });
    /** A timestamp as this dialect stores it. */
    const stored = (iso: string) => (provider === 'sqlite' ? `${iso.slice(0, 10)} ${iso.slice(11, 26)}` : iso);
    before(async () => {
      fx = await createPrefectDatabase(provider);
      await addPrefectDeployment(fx, {
        flow: 'etl',
        name: 'nightly',
        schedules: [
          { schedule: '{"cron": "30 2 * * *", "timezone": "America/New_York", "day_or": true}', slug: 'nightly' },
          { schedule: '{"cron": "0 * * * *", "timezone": "UTC", "day_or": true}', slug: 'hourly-utc', active: false },
        ],
      });
      hourly = await addPrefectDeployment(fx, HOURLY_WITH_MICROSECONDS);
      await addPrefectDeployment(fx, PAUSED_EVERY_MINUTE);
    });
    after(() => fx.drop());

    test('status before any pass: exit 1 for the schedules without runs, not for the pass history it does not keep', async () => {
      const result = await cli('status', '--json');
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.json.historyNotKept, NOT_KEPT);
      assert.equal(result.json.lastPasses, null);
      assert.equal(result.json.lastFinishedPass, null);
      assert.equal(result.json.instances, null);
      assert.equal(result.json.scheduleErrors, null);
      assert.deepEqual(
        result.json.problems.map((p: string) => p.replace(/ \(it fires next.*/, '')),
        [
          'etl/nightly schedule nightly holds no future run',
          `report/hourly schedule ${hourly.scheduleIds[0]} holds no future run`,
        ],
      );
    });

    test('after a pass, status is healthy even past --max-age: the runways are the probe', async () => {
      assert.equal((await cli('once')).code, 0);
      clock.advance(30_000);
      const result = await cli('status', '--max-age', '1', '--json');
      assert.equal(result.code, 0, result.stdout);
      assert.deepEqual(result.json.problems, []);
      assert.equal(result.json.shortestRunway.deployment, 'report/hourly');
      assert.equal(Date.parse(result.json.shortestRunway.runwayUntil), Date.parse('2027-03-13T14:00:00.964Z'));
      // 12:00:00.964696 is 29 s past, more than lateAfter (15 s): Prefect's MarkLateRuns would mark it.
      assert.equal(result.json.lateRuns.count, 1);
      assert.equal(Date.parse(result.json.lateRuns.oldest), Date.parse('2027-03-13T12:00:00.964Z'));
      const text = await cli('status');
      assert.equal(text.code, 0);
      assert.match(text.stdout, new RegExp(`^last passes:\\n  not kept \\(${NOT_KEPT}\\)$`, 'm'));
      assert.match(text.stdout, /^instances seen recently: not kept/m);
      assert.match(text.stdout, /^healthy$/m);
    });

    test("explain shows a schedule's runway from Prefect's runs and says what is not kept", async () => {
      const [row] = await fx.query<{ updated: unknown }>('SELECT updated FROM deployment_schedule WHERE id = ?', [
        hourly.scheduleIds[0],
      ]);
      const result = await cli('explain', 'report/hourly', '--json');
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.json.historyNotKept, HISTORIES_NOT_KEPT);
      const [schedule] = result.json.schedules;
      assert.equal(schedule.key, hourly.scheduleIds[0]);
      // 12:00:00.964696 passed 30 s ago; 13:00 and 14:00 are ahead.
      assert.equal(schedule.heldRuns, 2);
      assert.equal(Date.parse(schedule.runwayUntil), Date.parse('2027-03-13T14:00:00.964Z'));
      assert.equal(Date.parse(schedule.nextRuns[0]), Date.parse('2027-03-13T13:00:00.964Z'));
      assert.equal(
        Date.parse(schedule.activeSince),
        instantColumn(row!.updated).getTime(),
        "the schedule row's last update",
      );
      assert.deepEqual(
        { ...schedule.lastPass, at: Date.parse(schedule.lastPass.at) },
        { at: NOW.getTime(), finished: null, instance: null, kind: null, outcome: null },
      );
      assert.equal(schedule.lastError, null);
      const text = await cli('explain', 'report/hourly');
      assert.match(text.stdout, /active; schedule last updated /);
      assert.match(text.stdout, new RegExp(`last pass that scheduled it: .* \\(${HISTORIES_NOT_KEPT}\\)`));
      assert.match(text.stdout, new RegExp(`last error: ${HISTORIES_NOT_KEPT}`));
    });

    test('explain --at: runs found by their expected start, to the microsecond, in any state and under the pre-3.2 key', async () => {
      const runs = await fx.query<{ id: string }>(
        'SELECT id FROM flow_run WHERE deployment_id = ? ORDER BY expected_start_time',
        [hourly.deploymentId],
      );
      // Prefect clears next_scheduled_start_time when a run leaves Scheduled; expected_start_time stays.
      await fx.query(
        "UPDATE flow_run SET state_type = 'COMPLETED', state_name = 'Completed', next_scheduled_start_time = NULL WHERE id = ?",
        [runs[0]!.id],
      );
      // As Prefect 3.1 wrote it: the key without the schedule id and no created_by; since marked Late.
      const at = stored('2027-03-13T10:00:00.964696Z');
      await fx.query(
        `INSERT INTO flow_run (id, name, state_type, state_name, expected_start_time, next_scheduled_start_time, flow_id,
          deployment_id, idempotency_key, auto_scheduled, tags)
         VALUES (?, 'old-run', 'SCHEDULED', 'Late', ?, ?, ?, ?, ?, ?, '["auto-scheduled"]')`,
        [
          randomUUID(),
          at,
          at,
          hourly.flowId,
          hourly.deploymentId,
          `scheduled ${hourly.deploymentId} 2027-03-13 10:00:00.964696+00:00`,
          provider === 'sqlite' ? 1 : true,
        ],
      );
      const verdict = async (at: string, name = 'report/hourly', ...more: string[]) => {
        const result = await cli('explain', name, '--at', at, ...more, '--json');
        assert.equal(result.code, 0, result.stderr);
        return result.json.schedules[0] as { verdict: string | null; evidence: Record<string, any> };
      };
      const scheduled = await verdict('2027-03-13T13:00:00.964Z');
      assert.equal(scheduled.verdict, 'RUN_EXISTS');
      assert.equal(scheduled.evidence.stateName, 'Scheduled');
      assert.deepEqual(
        scheduled.evidence.states.map((s: { name: string }) => s.name),
        ['Scheduled'],
      );
      const completed = await verdict('2027-03-13T12:00:00.964Z');
      assert.equal(completed.verdict, 'RUN_EXISTS');
      assert.equal(completed.evidence.state, 'COMPLETED');
      const legacy = await verdict('2027-03-13T10:00:00.964Z');
      assert.equal(legacy.verdict, 'RUN_EXISTS');
      assert.equal(legacy.evidence.runName, 'old-run');
      assert.equal(legacy.evidence.stateName, 'Late');

      const missed = await verdict('2027-03-13T11:00:00.964Z');
      assert.equal(missed.verdict, null, 'a past fire time without a run: only the histories could tell why');
      assert.equal(missed.evidence.unsupported, NOT_KEPT);
      assert.equal(missed.evidence.pausedNow, false);
      const between = await verdict('2027-03-13T13:30:00Z');
      assert.equal(between.verdict, 'NOT_A_FIRE_TIME');
      assert.match(between.evidence.notKept, /^change history is not kept in the prefect data model/);
      const ahead = await verdict('2027-04-01T00:00:00.964Z');
      assert.equal(ahead.verdict, 'NOT_YET_SCHEDULED');
      assert.equal(ahead.evidence.heldRuns, 2);

      const gap = await verdict('2027-03-14T02:30', 'etl/nightly', '--schedule', 'nightly');
      assert.equal(gap.verdict, 'DST_GAP_SHIFTED');
      assert.equal(gap.evidence.shiftedToUtc, '2027-03-14T07:30:00.000Z');
      assert.equal(gap.evidence.run.state, 'SCHEDULED');
      const inactive = await verdict('2027-04-01T00:00:00Z', 'etl/nightly', '--schedule', 'hourly-utc');
      assert.equal(inactive.verdict, 'SCHEDULE_INACTIVE');
      assert.match(inactive.evidence.notKept, /^change history is not kept/);
      const paused = await verdict('2027-04-01T00:00:00Z', 'report/paused');
      assert.equal(paused.verdict, 'DEPLOYMENT_PAUSED');
      assert.equal(paused.evidence.unsupported, 'change history is not kept in the prefect data model');
    });

    test('late runs: Late ones and Scheduled ones lateAfter past their time', async () => {
      clock.set(new Date('2027-03-13T14:00:00.000Z'));
      const status = await cli('status', '--json');
      assert.equal(status.code, 0, status.stdout);
      // The pre-3.2 run (Late) and the 13:00 run still Scheduled; the 12:00 one completed.
      assert.equal(status.json.lateRuns.count, 2);
      assert.equal(Date.parse(status.json.lateRuns.oldest), Date.parse('2027-03-13T10:00:00.964Z'));
      const explained = await cli('explain', 'report/hourly', '--json');
      assert.equal(explained.json.schedules[0].lateRuns, 1, 'the runs the schedule created (created_by)');
    });

    test('an unknown deployment: exit 2 naming the form Prefect names it by', async () => {
      const result = await cli('explain', 'report/nope');
      assert.equal(result.code, 2);
      assert.match(result.stderr, /deployment "report\/nope" not found in the Prefect database/);
    });
  });
}
