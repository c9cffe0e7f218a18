import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPrefectDatabase } from '../../src/prefect/openPrefectDatabase.js';
import { prefectPassStore } from '../../src/prefect/prefectPassStore.js';
import { instantColumn } from '../../src/prefect/prefectValues.js';
import { runLoop } from '../../src/pass/runLoop.js';
import { spawnCli } from '../helpers/cli.js';
import { DEFAULT_PASS_SETTINGS } from '../helpers/fixtures.js';
import { manualClock } from '../helpers/manualClock.js';
import { notePostgresSkipped, testProviders } from '../helpers/testDatabase.js';
import { waitFor, waitUntil } from '../helpers/waitFor.js';
import { addPrefectDeployment, createPrefectDatabase, type PrefectFixture } from './prefectFixture.js';

notePostgresSkipped();

const START = new Date('2027-03-13T12:00:00.000Z');
const EVERY_FIVE_MINUTES = '{"cron": "*/5 * * * *", "timezone": "UTC", "day_or": true}';

for (const provider of testProviders()) {
  describe(`loop on Prefect's tables (${provider})`, () => {
    let fx: PrefectFixture;
    before(async () => {
      fx = await createPrefectDatabase(provider);
    });
    after(() => fx.drop());

    /**
     * Two loop passes a minute apart on a database that already holds a deployment (so the
     * watermark is a real `updated`, not the start of time); 2 s into the wait after the
     * first pass, Prefect's API creates another one (`updated` stamped by the database).
     */
    async function loopWithADeployBetweenPasses(name: string, recentLoopSeconds: number) {
      await fx.query('DELETE FROM flow_run_state');
      await fx.query('DELETE FROM flow_run');
      await fx.query('DELETE FROM deployment');
      await addPrefectDeployment(fx, {
        flow: 'etl',
        name: `${name}-existing`,
        schedules: [{ schedule: EVERY_FIVE_MINUTES }],
      });
      const clock = manualClock(START);
      let writtenAt: Date | null = null;
      let deploymentId = '';
      const sleep = clock.sleep;
      clock.sleep = async (ms, signal) => {
        if (writtenAt === null) {
          clock.advance(2000);
          writtenAt = clock.now();
          ({ deploymentId } = await addPrefectDeployment(fx, {
            flow: 'etl',
            name,
            schedules: [{ schedule: EVERY_FIVE_MINUTES }],
          }));
        }
        return sleep(ms, signal);
      };
      const report = await runLoop({
        connect: () => openPrefectDatabase(fx.url),
        clock,
        settings: { ...DEFAULT_PASS_SETTINGS, loopSeconds: 60, recentLoopSeconds },
        store: prefectPassStore,
        maxIterations: 2,
      });
      const runs = await fx.query<{ created: unknown }>(
        'SELECT created FROM flow_run WHERE deployment_id = ? ORDER BY created',
        [deploymentId],
      );
      assert.ok(runs.length > 0 && writtenAt !== null);
      return { report, firstCreated: instantColumn(runs[0]!.created), writtenAt: writtenAt as Date };
    }

    test('a deployment Prefect creates between passes gets its runs within recentLoopSeconds', async () => {
      const { report, firstCreated, writtenAt } = await loopWithADeployBetweenPasses('late-comer', 5);
      assert.equal(report.recentChecksWithWork, 1, 'one check found the new deployment, none the existing one');
      const delayMs = firstCreated.getTime() - writtenAt.getTime();
      assert.ok(delayMs >= 0 && delayMs <= 5000, `scheduled ${delayMs} ms after the deployment was created`);
    });

    test('recentLoopSeconds 0 turns the check off: the next pass schedules it', async () => {
      const { report, firstCreated } = await loopWithADeployBetweenPasses('off', 0);
      assert.equal(report.recentChecksWithWork, 0);
      assert.equal(firstCreated.getTime(), START.getTime() + 60_000, 'by the second pass, a loop period later');
    });

    test('/readyz: ready after a pass, not ready once alembic_version names a schema the tool does not know', async () => {
      const loop = spawnCli([
        'loop',
        '--data-model',
        'prefect',
        '--database-url',
        fx.url,
        '--health-port',
        '0',
        '--loop-seconds',
        '1',
      ]);
      const [revision] = await fx.query<{ version_num: string }>('SELECT version_num FROM alembic_version');
      try {
        await waitFor(loop.stderr, /health server listening on (http:\S+)/, 20_000);
        const url = /health server listening on (http:\S+)/.exec(loop.stderr())![1]!;
        const readyz = async () => {
          const response = await fetch(`${url}/readyz`);
          return { status: response.status, body: (await response.json()) as { status: string; reason?: string } };
        };
        let answer = await readyz();
        await waitUntil(
          async () => {
            answer = await readyz();
            return answer.status === 200;
          },
          20_000,
          () => `ready after a pass: ${JSON.stringify(answer)}\n${loop.stderr()}`,
        );
        // The gauges read Prefect's runs (after the pass that made it ready): every schedule holds runs ahead, none is late.
        let metrics = '';
        await waitUntil(
          async () => {
            metrics = await (await fetch(`${url}/metrics`)).text();
            return /^scheduler_runway_seconds [0-9]/m.test(metrics);
          },
          20_000,
          () => `the runway gauge:\n${metrics}\n${loop.stderr()}`,
        );
        assert.match(metrics, /^scheduler_late_runs 0$/m);
        await fx.query('UPDATE alembic_version SET version_num = ?', ['0123456789ab']);
        answer = await readyz();
        assert.equal(answer.status, 503);
        assert.equal(answer.body.status, 'not ready');
        assert.match(answer.body.reason!, /alembic_version "0123456789ab" is not a Prefect schema this tool knows/);
        assert.match(answer.body.reason!, /Prefect 3\.6\.19 to 3\.8\.3/);
        await fx.query('UPDATE alembic_version SET version_num = ?', [revision!.version_num]);
        assert.equal((await readyz()).status, 200, 'ready again once the schema is one it knows');
        loop.kill('SIGTERM');
        assert.equal(await loop.exited, 0, loop.stderr());
        assert.doesNotMatch(loop.stderr(), /could not read the runway and late-run gauges/);
      } finally {
        loop.kill('SIGKILL');
      }
    });
  });
}
