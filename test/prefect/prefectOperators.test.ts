import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Provider } from '../../src/db/databaseUrl.js';
import { runCliAt } from '../helpers/cliInProcess.js';
import { manualClock } from '../helpers/manualClock.js';
import { notePostgresSkipped, testProviders } from '../helpers/testDatabase.js';
import {
  addOldRun,
  addPrefectDeployment,
  createPrefectDatabase,
  NIGHTLY_IN_NEW_YORK,
  PAUSED_EVERY_MINUTE,
  SPRING_FORWARD_EVE,
  type AddedDeployment,
  type PrefectFixture,
} from './prefectFixture.js';

notePostgresSkipped();

const NOW = SPRING_FORWARD_EVE;
// Four days earlier: a pass then holds the slots that are past at NOW.
const BEFORE = new Date('2027-03-09T12:00:00.000Z');

interface PreviewedRun {
  deployment: string;
  scheduleKey: string;
  scheduledTime: string;
  status: string;
}

interface BackfillDocument {
  deployment: string;
  inserted: number;
  existing: number;
  dryRun: boolean;
  runs: { scheduleKey: string; scheduledTime: string; status: string }[];
}

/** Every column of a deployment's runs and their states, in time order. */
async function runsWithStates(fx: PrefectFixture, deploymentId: string) {
  const runs = await fx.query<Record<string, unknown>>(
    'SELECT * FROM flow_run WHERE deployment_id = ? ORDER BY expected_start_time',
    [deploymentId],
  );
  const states = [];
  for (const run of runs) {
    states.push((await fx.query('SELECT * FROM flow_run_state WHERE flow_run_id = ?', [run.id]))[0]!);
  }
  return { runs, states };
}

/** A row without the columns a new run or state always gets afresh (ids, name, write time). */
function fieldsOf(row: Record<string, unknown>, fresh: string[]) {
  return Object.fromEntries(Object.entries(row).filter(([column]) => !fresh.includes(column)));
}

/** A JSON column as a value: json.dumps text on SQLite, jsonb on PostgreSQL. */
function jsonOf(provider: Provider, value: unknown): unknown {
  return provider === 'sqlite' ? JSON.parse(String(value)) : value;
}

for (const provider of testProviders()) {
  describe(`preview and backfill on Prefect's tables (${provider})`, () => {
    let fx: PrefectFixture;
    let nightly: AddedDeployment;
    let legacy: AddedDeployment;
    const clock = manualClock(NOW);
    const cli = (...args: string[]) =>
      runCliAt(clock, [...args, '--json'], { SCHEDULER_DATA_MODEL: 'prefect', SCHEDULER_DATABASE_URL: fx.url });
    const runCount = async () => Number((await fx.query<{ n: unknown }>('SELECT count(*) AS n FROM flow_run'))[0]!.n);

    before(async () => {
      fx = await createPrefectDatabase(provider);
      nightly = await addPrefectDeployment(fx, NIGHTLY_IN_NEW_YORK);
      legacy = await addPrefectDeployment(fx, {
        flow: 'legacy',
        name: 'daily',
        schedules: [{ schedule: '{"cron": "0 9 * * *", "timezone": "UTC", "day_or": true}' }],
      });
      // Written by Prefect 3.1 (pre-3.2 key, no created_by): a past run that completed, a future one still Scheduled.
      const legacyKeyOn = (day: string) => `scheduled ${legacy.deploymentId} ${day} 09:00:00+00:00`;
      await addOldRun(fx, legacy, '2027-03-12', legacyKeyOn('2027-03-12'), { createdBy: false, completed: true });
      await addOldRun(fx, legacy, '2027-03-14', legacyKeyOn('2027-03-14'), { createdBy: false });
      await addPrefectDeployment(fx, PAUSED_EVERY_MINUTE);
    });
    after(() => fx.drop());

    const previewed = async (...args: string[]) => {
      const result = await cli('preview', ...args);
      assert.equal(result.code, 0, result.stderr);
      return (result.json.runs as PreviewedRun[]).map((r) => [r.deployment, r.scheduleKey, r.scheduledTime, r.status]);
    };
    const legacyKey = () => legacy.scheduleIds[0]!;
    /** The slots a pass at NOW holds (three per deployment) in time order, with these statuses. */
    const passSlots = (...statuses: string[]) =>
      [
        ['etl/nightly', 'nightly', '2027-03-14T03:30:00-04:00'],
        ['legacy/daily', legacyKey(), '2027-03-14T09:00:00Z'],
        ['etl/nightly', 'nightly', '2027-03-15T02:30:00-04:00'],
        ['legacy/daily', legacyKey(), '2027-03-15T09:00:00Z'],
        ['etl/nightly', 'nightly', '2027-03-16T02:30:00-04:00'],
        ['legacy/daily', legacyKey(), '2027-03-16T09:00:00Z'],
      ].map((slot, i) => [...slot, statuses[i]]);

    test("preview before a pass: the pass's runs are new, a slot held under the pre-3.2 key is scheduled", async () => {
      const expected = passSlots('new', 'scheduled', 'new', 'new', 'new', 'new');
      // Every unpaused deployment's active schedules, or the named ones.
      assert.deepEqual(await previewed(), expected);
      assert.deepEqual(await previewed('--deployment', 'legacy/daily', '--deployment', 'etl/nightly'), expected);
      assert.deepEqual(await previewed('--deployment', 'etl/nightly', '--count', '2'), [
        ['etl/nightly', 'nightly', '2027-03-14T03:30:00-04:00', 'new'],
        ['etl/nightly', 'nightly', '2027-03-15T02:30:00-04:00', 'new'],
      ]);
      assert.equal(await runCount(), 2);
    });

    test('preview of an unknown deployment, or of a file: exit 2, one line naming the way', async () => {
      const unknown = await cli('preview', '--deployment', 'etl/none');
      assert.equal(unknown.code, 2, unknown.stderr);
      assert.match(unknown.stderr, /deployment "etl\/none" not found in the Prefect database/);
      const file = await cli('preview', '-f', 'test/fixtures/deployments.yaml');
      assert.equal(file.code, 2, file.stderr);
      assert.equal(file.json.error.code, 'E_PREFECT_OWNS_DEPLOYMENTS');
      assert.match(file.json.error.message, /Prefect's server owns the deployments.*--deployment NAME.*--cron/);
    });

    test('backfill writes the runs a pass writes for the same slots, plus the tag backfill; a rerun inserts 0', async () => {
      const window = ['--from', '2027-03-10', '--to', '2027-03-12T23:59'];
      // What the pass wrote for these slots when they were ahead, then gone again.
      clock.set(BEFORE);
      assert.equal((await cli('once')).code, 0);
      clock.set(NOW);
      const byPass = await runsWithStates(fx, nightly.deploymentId);
      assert.equal(byPass.runs.length, 3);
      await fx.query("DELETE FROM flow_run WHERE name <> 'old-run'");
      const slots = ['2027-03-10T02:30:00-05:00', '2027-03-11T02:30:00-05:00', '2027-03-12T02:30:00-05:00'];

      const dry = await cli('backfill', 'etl/nightly', ...window, '--dry-run');
      assert.equal(dry.code, 0, dry.stderr);
      assert.deepEqual(dry.json as BackfillDocument, {
        deployment: 'etl/nightly',
        inserted: 0,
        existing: 0,
        dryRun: true,
        runs: slots.map((scheduledTime) => ({ scheduleKey: 'nightly', scheduledTime, status: 'new' })),
      });
      assert.equal(await runCount(), 2);

      const filled = await cli('backfill', 'etl/nightly', ...window);
      assert.equal(filled.code, 0, filled.stderr);
      assert.deepEqual(filled.json as BackfillDocument, { ...dry.json, inserted: 3, dryRun: false });
      // No history table on Prefect's database: nothing tried to record the backfill.
      assert.doesNotMatch(filled.stderr, /pass history/);
      const byBackfill = await runsWithStates(fx, nightly.deploymentId);
      assert.equal(byBackfill.runs.length, 3);
      const freshRun = ['id', 'name', 'state_id', 'created', 'updated', 'tags'];
      const freshState = ['id', 'flow_run_id', 'created', 'updated', 'timestamp'];
      byBackfill.runs.forEach((run, i) => {
        assert.deepEqual(fieldsOf(run, freshRun), fieldsOf(byPass.runs[i]!, freshRun), `run ${i}`);
        assert.deepEqual(fieldsOf(byBackfill.states[i]!, freshState), fieldsOf(byPass.states[i]!, freshState));
        assert.equal(String(run.state_id), String(byBackfill.states[i]!.id));
        assert.deepEqual(jsonOf(provider, byPass.runs[i]!.tags), ['auto-scheduled', 'prod', 'etl']);
        assert.deepEqual(jsonOf(provider, run.tags), ['auto-scheduled', 'backfill', 'prod', 'etl']);
      });

      // A run Prefect has since completed keeps its slot by its key alone.
      await fx.query("UPDATE flow_run SET state_type = 'COMPLETED', state_name = 'Completed' WHERE id = ?", [
        byBackfill.runs[0]!.id,
      ]);
      const again = await cli('backfill', 'etl/nightly', ...window);
      assert.equal(again.code, 0, again.stderr);
      assert.deepEqual(again.json as BackfillDocument, {
        ...dry.json,
        existing: 3,
        dryRun: false,
        runs: slots.map((scheduledTime) => ({ scheduleKey: 'nightly', scheduledTime, status: 'exists' })),
      });
      assert.equal(await runCount(), 5);
    });

    test("backfill: a slot held under Prefect's pre-3.2 key exists, whatever its state", async () => {
      const result = await cli('backfill', 'legacy/daily', '--from', '2027-03-11', '--to', '2027-03-12T12:00');
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual((result.json as BackfillDocument).runs, [
        { scheduleKey: legacyKey(), scheduledTime: '2027-03-11T09:00:00Z', status: 'new' },
        { scheduleKey: legacyKey(), scheduledTime: '2027-03-12T09:00:00Z', status: 'exists' },
      ]);
      assert.equal(result.json.inserted, 1);
      const rows = await fx.query<{ idempotency_key: string; state_type: string }>(
        'SELECT idempotency_key, state_type FROM flow_run WHERE deployment_id = ? ORDER BY expected_start_time',
        [legacy.deploymentId],
      );
      assert.deepEqual(
        rows.map((r) => [r.idempotency_key, r.state_type]),
        [
          [`scheduled ${legacy.deploymentId} ${legacyKey()} 2027-03-11 09:00:00+00:00`, 'SCHEDULED'],
          [`scheduled ${legacy.deploymentId} 2027-03-12 09:00:00+00:00`, 'COMPLETED'],
          [`scheduled ${legacy.deploymentId} 2027-03-14 09:00:00+00:00`, 'SCHEDULED'],
        ],
      );
    });

    test('backfill of an inactive schedule named by its id; unknown names exit 2 and write nothing', async () => {
      const inactive = nightly.scheduleIds[1]!;
      const hourly = await cli(
        'backfill',
        'etl/nightly',
        '--schedule',
        inactive,
        '--from',
        '2027-03-13T09:00Z',
        '--to',
        '2027-03-13T10:00Z',
      );
      assert.equal(hourly.code, 0, hourly.stderr);
      assert.deepEqual(
        (hourly.json as BackfillDocument).runs.map((r) => [r.scheduleKey, r.scheduledTime, r.status]),
        [
          [inactive, '2027-03-13T09:00:00Z', 'new'],
          [inactive, '2027-03-13T10:00:00Z', 'new'],
        ],
      );
      const before = await runCount();
      const window = ['--from', '2027-03-01', '--to', '2027-03-02'];
      const unknown = await cli('backfill', 'etl/none', ...window);
      assert.equal(unknown.code, 2, unknown.stderr);
      assert.match(unknown.stderr, /deployment "etl\/none" not found in the Prefect database/);
      const key = await cli('backfill', 'etl/nightly', ...window, '--schedule', 'nighty');
      assert.equal(key.code, 2, key.stderr);
      assert.match(key.stderr, /--schedule "nighty": etl\/nightly has no such schedule; its keys are .*nightly/);
      assert.equal(await runCount(), before);
    });

    test('preview after a pass: every run the pass wrote is scheduled', async () => {
      assert.equal((await cli('once')).code, 0);
      assert.deepEqual(await previewed(), passSlots(...Array<string>(6).fill('scheduled')));
      // A window beyond what the pass holds: the later dates are new.
      const later = await previewed('--deployment', 'legacy/daily', '--count', '4');
      assert.deepEqual(
        later.map((r) => r[3]),
        ['scheduled', 'scheduled', 'scheduled', 'new'],
      );
    });
  });
}
