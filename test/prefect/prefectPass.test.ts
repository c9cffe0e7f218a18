import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPrefectDatabase } from '../../src/prefect/openPrefectDatabase.js';
import { prefectPassStore } from '../../src/prefect/prefectPassStore.js';
import { runOnce } from '../../src/pass/runOnce.js';
import { runCli } from '../helpers/cli.js';
import { DEFAULT_PASS_SETTINGS } from '../helpers/fixtures.js';
import { manualClock } from '../helpers/manualClock.js';
import type { Provider } from '../../src/db/databaseUrl.js';
import { notePostgresSkipped, POSTGRES_URL, testProviders } from '../helpers/testDatabase.js';
import {
  addOldRun,
  addPrefectDeployment,
  createPrefectDatabase,
  HOURLY_WITH_MICROSECONDS,
  NIGHTLY_IN_NEW_YORK,
  PAUSED_EVERY_MINUTE,
  SPRING_FORWARD_EVE,
  type AddedDeployment,
  type PrefectFixture,
} from './prefectFixture.js';

notePostgresSkipped();

const NOW = SPRING_FORWARD_EVE;
const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function pass(fx: PrefectFixture, at = NOW) {
  const db = await openPrefectDatabase(fx.url);
  try {
    return await runOnce({ db, clock: manualClock(at), settings: DEFAULT_PASS_SETTINGS, store: prefectPassStore });
  } finally {
    await db.close();
  }
}

/** A JSON column: the exact json.dumps text on SQLite, the same value on PostgreSQL (jsonb). */
function assertJson(provider: Provider, actual: unknown, expectedText: string, what: string) {
  if (provider === 'sqlite') assert.equal(actual, expectedText, what);
  else assert.deepEqual(actual, JSON.parse(expectedText), what);
}

/** A timestamp: SQLAlchemy's UTC text on SQLite, the instant on PostgreSQL. */
function assertInstant(provider: Provider, actual: unknown, sqliteText: string, what: string) {
  if (provider === 'sqlite') assert.equal(actual, sqliteText, what);
  else assert.equal((actual as Date).toISOString(), `${sqliteText.slice(0, 10)}T${sqliteText.slice(11, 23)}Z`, what);
}

const stateDetails = (scheduledTime: string) =>
  `{"flow_run_id": null, "task_run_id": null, "child_flow_run_id": null, "scheduled_time": "${scheduledTime}", "cache_key": null, "cache_expiration": null, "deferred": false, "untrackable_result": false, "pause_timeout": null, "pause_reschedule": false, "pause_key": null, "run_input_keyset": null, "refresh_cache": null, "retriable": null, "transition_id": null, "task_parameters_id": null, "traceparent": null, "deployment_concurrency_lease_id": null}`;

interface Expected {
  /** Python's str() of the run's time in the schedule's zone. */
  key: string;
  utc: string;
  scheduledTime: string;
}

for (const provider of testProviders()) {
  describe(`the pass on Prefect's tables (${provider})`, () => {
    let fx: PrefectFixture;
    let cron: AddedDeployment;
    let rrule: AddedDeployment;
    let interval: AddedDeployment;
    before(async () => {
      fx = await createPrefectDatabase(provider);
      cron = await addPrefectDeployment(fx, NIGHTLY_IN_NEW_YORK);
      rrule = await addPrefectDeployment(fx, {
        flow: 'etl',
        name: 'twice-weekly',
        schedules: [
          {
            schedule:
              '{"rrule": "DTSTART:20270301T090000\\nRRULE:FREQ=WEEKLY;BYDAY=MO,FR", "timezone": "Europe/Berlin"}',
          },
        ],
      });
      interval = await addPrefectDeployment(fx, HOURLY_WITH_MICROSECONDS);
      await addPrefectDeployment(fx, PAUSED_EVERY_MINUTE);
    });
    after(() => fx.drop());
    const onPrefect = (...args: string[]) => runCli([...args, '--data-model', 'prefect', '--database-url', fx.url]);

    async function assertRuns(added: AddedDeployment, expected: Expected[], fields: Record<string, string | null>) {
      // PostgreSQL's driver reads timestamps as Dates (milliseconds): compare them as UTC text too.
      const text = (column: string) =>
        provider === 'sqlite' ? column : `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`;
      const runs = await fx.query<Record<string, unknown>>(
        `SELECT *, CAST(total_run_time AS TEXT) AS total_run_time_text,
           ${text('expected_start_time')} AS expected_text, ${text('next_scheduled_start_time')} AS next_text
         FROM flow_run WHERE deployment_id = ? ORDER BY expected_start_time`,
        [added.deploymentId],
      );
      assert.equal(runs.length, expected.length);
      const scheduleId = added.scheduleIds[0]!;
      for (const [i, run] of runs.entries()) {
        const want = expected[i]!;
        const what = `${fields.display} run ${i}`;
        assert.match(String(run.id), UUID7, what);
        assert.match(String(run.name), /^[a-z]+-[a-z]+$/, what);
        assertInstant(provider, run.created, '2027-03-13 12:00:00.000000', what);
        assertInstant(provider, run.updated, '2027-03-13 12:00:00.000000', what);
        assert.equal(run.state_type, 'SCHEDULED', what);
        assert.equal(run.state_name, 'Scheduled', what);
        assert.equal(run.state_timestamp, null, what);
        assert.equal(Number(run.run_count), 0, what);
        assert.equal(run.expected_text, want.utc, what);
        assert.equal(run.next_text, want.utc, what);
        assert.equal(run.start_time, null, what);
        assert.equal(run.end_time, null, what);
        assert.equal(run.total_run_time_text, provider === 'sqlite' ? '1970-01-01 00:00:00.000000' : '00:00:00', what);
        assert.equal(String(run.flow_id), added.flowId, what);
        assert.equal(String(run.deployment_id), added.deploymentId, what);
        assert.equal(run.work_queue_name, 'default', what);
        assert.equal(run.work_queue_id === null ? null : String(run.work_queue_id), added.workQueueId, what);
        assert.equal(run.flow_version, null, what);
        assert.equal(run.deployment_version, fields.version, what);
        assertJson(provider, run.parameters, fields.parameters!, what);
        assert.equal(run.idempotency_key, `scheduled ${added.deploymentId} ${scheduleId} ${want.key}`, what);
        assertJson(provider, run.context, '{}', what);
        assertJson(
          provider,
          run.empirical_policy,
          '{"max_retries": 0, "retry_delay_seconds": 0.0, "retries": null, "retry_delay": null, "pause_keys": [], "resuming": false, "retry_type": null}',
          what,
        );
        assertJson(provider, run.tags, fields.tags!, what);
        assertJson(
          provider,
          run.labels,
          `{${fields.labels ?? ''}"prefect.flow.id": "${added.flowId}", "prefect.deployment.id": "${added.deploymentId}"}`,
          what,
        );
        assertJson(
          provider,
          run.created_by,
          `{"id": "${scheduleId}", "type": "SCHEDULE", "display_value": "${fields.display}"}`,
          what,
        );
        assert.equal(run.infrastructure_pid, null, what);
        assertJson(provider, run.job_variables, '{}', what);
        assert.equal(run.infrastructure_document_id, null, what);
        assert.equal(run.parent_task_run_id, null, what);
        assert.equal(Number(run.auto_scheduled), 1, what);
        const states = await fx.query<Record<string, unknown>>('SELECT * FROM flow_run_state WHERE flow_run_id = ?', [
          run.id,
        ]);
        assert.equal(states.length, 1, what);
        const state = states[0]!;
        assert.equal(String(run.state_id), String(state.id), what);
        assert.match(String(state.id), UUID7, what);
        assert.equal(state.type, 'SCHEDULED', what);
        assert.equal(state.name, 'Scheduled', what);
        assert.equal(state.message, 'Flow run scheduled', what);
        assertInstant(provider, state.timestamp, '2027-03-13 12:00:00.000000', what);
        assertInstant(provider, state.created, '2027-03-13 12:00:00.000000', what);
        assertJson(provider, state.state_details, stateDetails(want.scheduledTime), what);
        assert.equal(state.data, null, what);
        assert.equal(state.result_artifact_id, null, what);
      }
    }

    test('the first pass writes what Prefect writes, field by field; paused deployments and inactive schedules get nothing', async () => {
      const report = await pass(fx);
      assert.deepEqual(report.errors, []);
      assert.equal(report.runsInserted, 9);
      await assertRuns(
        cron,
        [
          // 02:30 does not exist on 2027-03-14 in New York: the run is at 03:30 EDT.
          {
            key: '2027-03-14 03:30:00-04:00',
            utc: '2027-03-14 07:30:00.000000',
            scheduledTime: '2027-03-14T03:30:00-04:00',
          },
          {
            key: '2027-03-15 02:30:00-04:00',
            utc: '2027-03-15 06:30:00.000000',
            scheduledTime: '2027-03-15T02:30:00-04:00',
          },
          {
            key: '2027-03-16 02:30:00-04:00',
            utc: '2027-03-16 06:30:00.000000',
            scheduledTime: '2027-03-16T02:30:00-04:00',
          },
        ],
        {
          display: 'nightly',
          version: '1.2.3',
          parameters: '{"full_refresh": true, "region": "eu"}',
          tags: '["auto-scheduled", "prod", "etl"]',
          labels: '"team": "data", ',
        },
      );
      await assertRuns(
        rrule,
        [
          {
            key: '2027-03-15 09:00:00+01:00',
            utc: '2027-03-15 08:00:00.000000',
            scheduledTime: '2027-03-15T09:00:00+01:00',
          },
          {
            key: '2027-03-19 09:00:00+01:00',
            utc: '2027-03-19 08:00:00.000000',
            scheduledTime: '2027-03-19T09:00:00+01:00',
          },
          {
            key: '2027-03-22 09:00:00+01:00',
            utc: '2027-03-22 08:00:00.000000',
            scheduledTime: '2027-03-22T09:00:00+01:00',
          },
        ],
        { display: 'RRuleSchedule', version: null, parameters: '{}', tags: '["auto-scheduled"]', labels: null },
      );
      await assertRuns(
        interval,
        [
          {
            key: '2027-03-13 12:00:00.964696+00:00',
            utc: '2027-03-13 12:00:00.964696',
            scheduledTime: '2027-03-13T12:00:00.964696Z',
          },
          {
            key: '2027-03-13 13:00:00.964696+00:00',
            utc: '2027-03-13 13:00:00.964696',
            scheduledTime: '2027-03-13T13:00:00.964696Z',
          },
          {
            key: '2027-03-13 14:00:00.964696+00:00',
            utc: '2027-03-13 14:00:00.964696',
            scheduledTime: '2027-03-13T14:00:00.964696Z',
          },
        ],
        { display: 'IntervalSchedule', version: null, parameters: '{}', tags: '["auto-scheduled"]', labels: null },
      );
      const total = await fx.query<{ n: unknown }>('SELECT count(*) AS n FROM flow_run');
      assert.equal(Number(total[0]!.n), 9);
    });

    test('a second pass selects nothing and inserts 0', async () => {
      const report = await pass(fx);
      assert.equal(report.runsInserted, 0);
      assert.equal(report.deploymentsScanned, 0);
    });

    test("runs ls lists Prefect's runs with their deployment, schedule and microseconds", async () => {
      const result = await onPrefect('runs', 'ls', '--json', '--deployment', 'report/hourly');
      assert.equal(result.code, 0, result.stderr);
      const runs = JSON.parse(result.stdout).runs as Record<string, unknown>[];
      assert.deepEqual(
        runs.map((run) => [
          run.deployment,
          run.schedule,
          run.state,
          run.stateName,
          run.scheduledTime,
          run.idempotencyKey,
        ]),
        ['12', '13', '14'].map((hour) => [
          'report/hourly',
          interval.scheduleIds[0],
          'SCHEDULED',
          'Scheduled',
          `2027-03-13T${hour}:00:00.964696Z`,
          `scheduled ${interval.deploymentId} ${interval.scheduleIds[0]} 2027-03-13 ${hour}:00:00.964696+00:00`,
        ]),
      );
      const missing = await onPrefect('runs', 'ls', '--deployment', 'report/none');
      assert.equal(missing.code, 2, missing.stderr);
      assert.match(missing.stderr, /deployment "report\/none" not found in the Prefect database/);
    });

    test("deployments ls lists Prefect's deployments, their schedules and next runs", async () => {
      const result = await onPrefect('deployments', 'ls', '--json');
      assert.equal(result.code, 0, result.stderr);
      const deployments = JSON.parse(result.stdout).deployments as {
        name: string;
        paused: boolean;
        nextRun: string | null;
        schedules: { key: string; active: boolean; description: string }[];
      }[];
      assert.deepEqual(
        deployments.map((d) => [d.name, d.paused, d.nextRun, d.schedules.map((s) => [s.active, s.description]).sort()]),
        [
          [
            'etl/nightly',
            false,
            '2027-03-14T07:30:00.000Z',
            [
              [false, 'at minute 0 past every hour (UTC)'],
              [true, 'every day at 02:30 (America/New_York)'],
            ],
          ],
          [
            'etl/twice-weekly',
            false,
            '2027-03-15T08:00:00.000Z',
            [[true, 'every week on Monday and Friday at 09:00 from 2027-03-01T09:00:00 (Europe/Berlin)']],
          ],
          [
            'report/hourly',
            false,
            '2027-03-13T12:00:00.964Z',
            [[true, 'every 1 hour from 2027-01-01T00:00:00.964696Z']],
          ],
          ['report/paused', true, null, [[true, 'every 1 minute from 2027-01-01T00:00:00Z']]],
        ],
      );
      // A schedule's key is its slug, else its row id (what created_by names).
      assert.deepEqual(
        deployments.slice(0, 3).map((d) => d.schedules.map((s) => s.key).sort()),
        [['nightly', cron.scheduleIds[1]!].sort(), rrule.scheduleIds, interval.scheduleIds],
      );
    });

    test('deployments inspect shows a Prefect deployment with its runs counted per schedule', async () => {
      const result = await onPrefect('deployments', 'inspect', 'etl/nightly', '--json');
      assert.equal(result.code, 0, result.stderr);
      const document = JSON.parse(result.stdout);
      assert.equal(document.id, cron.deploymentId);
      assert.equal(document.name, 'etl/nightly');
      assert.equal(document.nextRun, '2027-03-14T07:30:00.000Z');
      const counts = Object.fromEntries(
        (document.schedules as { key: string; futureScheduledRuns: number; runsByState: object }[]).map((s) => [
          s.key,
          [s.futureScheduledRuns, s.runsByState],
        ]),
      );
      assert.deepEqual(counts, { nightly: [3, { SCHEDULED: 3 }], [cron.scheduleIds[1]!]: [0, {}] });
      const missing = await onPrefect('deployments', 'inspect', 'etl/none');
      assert.equal(missing.code, 2, missing.stderr);
    });

    /**
     * A daily 09:00 UTC deployment whose 2027-03-14 slot already holds a Scheduled run under
     * `key` (with `createdBy`, or none); two passes later its keys, in time order.
     */
    async function keysAfterPassesWithSlotTaken(
      flow: string,
      key: (added: AddedDeployment) => string,
      createdBy: boolean,
    ) {
      const added = await addPrefectDeployment(fx, {
        flow,
        name: 'daily',
        schedules: [{ schedule: '{"cron": "0 9 * * *", "timezone": "UTC", "day_or": true}' }],
      });
      await addOldRun(fx, added, '2027-03-14', key(added), { createdBy });
      for (let i = 0; i < 2; i++) await pass(fx);
      const runs = await fx.query<{ idempotency_key: string }>(
        'SELECT idempotency_key FROM flow_run WHERE deployment_id = ? ORDER BY expected_start_time, idempotency_key',
        [added.deploymentId],
      );
      const later = ['2027-03-15', '2027-03-16'].map(
        (day) => `scheduled ${added.deploymentId} ${added.scheduleIds[0]} ${day} 09:00:00+00:00`,
      );
      return { keys: runs.map((r) => r.idempotency_key), expected: [key(added), ...later] };
    }

    test("a slot holding a run under Prefect's pre-3.2 key is not filled again", async () => {
      // As Prefect 3.1 wrote it: the key without the schedule id, and no created_by.
      const { keys, expected } = await keysAfterPassesWithSlotTaken(
        'legacy',
        (added) => `scheduled ${added.deploymentId} 2027-03-14 09:00:00+00:00`,
        false,
      );
      assert.deepEqual(keys, expected);
    });

    test('a slot holding a run of the same deployment, schedule and time under another key is not filled again', async () => {
      // Its key's time printed another way (ISO 'T'), as a different Python datetime library would.
      const { keys, expected } = await keysAfterPassesWithSlotTaken(
        'drifted',
        (added) => `scheduled ${added.deploymentId} ${added.scheduleIds[0]} 2027-03-14T09:00:00+00:00`,
        true,
      );
      assert.deepEqual(keys, expected);
    });

    test('a batch of more runs than one SQLite statement binds goes in whole, each run with its state', async () => {
      const big = await createPrefectDatabase(provider);
      try {
        await addPrefectDeployment(big, {
          flow: 'busy',
          name: 'every-minute',
          schedules: [{ schedule: '{"interval": 60.0, "anchor_date": "2027-01-01T00:00:00Z", "timezone": "UTC"}' }],
        });
        const db = await openPrefectDatabase(big.url);
        const settings = { ...DEFAULT_PASS_SETTINGS, insertBatchSize: 2000, minRuns: 1500, maxRuns: 1500 };
        const report = await runOnce({ db, clock: manualClock(NOW), settings, store: prefectPassStore }).finally(() =>
          db.close(),
        );
        assert.equal(report.runsInserted, 1500);
        const [row] = await big.query<{ runs: number | string; states: number | string }>(
          'SELECT count(*) AS runs, count(s.id) AS states FROM flow_run r LEFT JOIN flow_run_state s ON s.id = r.state_id',
        );
        assert.deepEqual([Number(row!.runs), Number(row!.states)], [1500, 1500]);
      } finally {
        await big.drop();
      }
    });
  });
}

if (POSTGRES_URL) {
  describe('four instances on one PostgreSQL Prefect database', () => {
    test('create every run once, each with its state', async () => {
      const fx = await createPrefectDatabase('postgres');
      try {
        for (let i = 0; i < 60; i++) {
          await addPrefectDeployment(fx, {
            flow: `flow-${i % 7}`,
            name: `d-${i}`,
            schedules: [
              { schedule: '{"interval": 600.0, "anchor_date": "2027-01-01T00:00:00Z", "timezone": "UTC"}' },
              { schedule: '{"cron": "*/5 * * * *", "timezone": "Europe/Paris", "day_or": true}', slug: 'five' },
            ],
          });
        }
        const settings = { ...DEFAULT_PASS_SETTINGS, deploymentBatchSize: 7, insertBatchSize: 50 };
        const reports = await Promise.all(
          Array.from({ length: 4 }, async () => {
            const db = await openPrefectDatabase(fx.url);
            try {
              return await runOnce({ db, clock: manualClock(NOW), settings, store: prefectPassStore });
            } finally {
              await db.close();
            }
          }),
        );
        // 10-minute interval: 7 runs to reach an hour ahead; every 5 minutes: 13.
        const expected = 60 * (7 + 13);
        assert.equal(
          reports.reduce((sum, r) => sum + r.runsInserted, 0),
          expected,
        );
        const [counts] = await fx.query<Record<string, string>>(`
          SELECT count(*) AS runs,
            count(DISTINCT (deployment_id, created_by ->> 'id', expected_start_time)) AS slots,
            count(state_id) AS with_state,
            (SELECT count(*) FROM flow_run_state) AS states
          FROM flow_run`);
        assert.deepEqual(
          { ...counts },
          { runs: String(expected), slots: String(expected), with_state: String(expected), states: String(expected) },
        );
      } finally {
        await fx.drop();
      }
    });
  });
}
