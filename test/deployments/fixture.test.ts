/** test/fixtures/deployments.yaml, the README quickstart's example, reads cleanly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDeploymentsFile } from '../../src/deployments/file/index.js';
import { getDates, parseSchedule } from '../../src/schedule/index.js';
import { fixturePath } from './paths.js';

test('the example deployments file reads without warnings', async () => {
  const file = await loadDeploymentsFile(
    fixturePath('deployments.yaml'),
    (definition) => void parseSchedule(definition),
  );
  assert.deepEqual(file.warnings, []);
  assert.deepEqual(
    file.deployments.map((d) => [`${d.flowName}/${d.name}`, d.workQueueName, d.schedules.map((s) => s.slug)]),
    [
      ['etl/nightly-etl', 'etl', ['nightly', 'weekly-full-refresh']],
      ['reports/hourly-sync', 'default', ['hourly']],
      ['billing/invoice-run', 'billing', ['mon-fri-morning']],
      ['purge-temp-files/weekly-cleanup', null, [null]],
    ],
  );
  const definitions = file.deployments.flatMap((d) => d.schedules.map((s) => s.definition));
  assert.deepEqual(definitions, [
    { cron: '0 2 * * *', timezone: 'America/New_York' },
    { cron: '0 5 * * 0', timezone: 'America/New_York' },
    { interval: 3600, anchor_date: '2026-01-01T00:00:00', timezone: 'UTC' },
    { rrule: 'FREQ=WEEKLY;BYDAY=MO,FR;BYHOUR=9;BYMINUTE=0', timezone: 'Europe/Berlin' },
    { cron: '30 3 * * 6' },
  ]);
  assert.deepEqual(file.deployments[0]?.schedules[1]?.parameters, { full_refresh: true });
  assert.equal(file.deployments[3]?.schedules[0]?.maxScheduledRuns, 4);
});

test('every schedule of the example fires several times in the next 100 days', async () => {
  const file = await loadDeploymentsFile(
    fixturePath('deployments.yaml'),
    (definition) => void parseSchedule(definition),
  );
  const start = new Date();
  const end = new Date(start.getTime() + 100 * 86_400_000);
  for (const deployment of file.deployments) {
    for (const schedule of deployment.schedules) {
      const dates = getDates(parseSchedule(schedule.definition), { start, end });
      assert.ok(
        dates.length >= 10,
        `${deployment.flowName}/${deployment.name} ${JSON.stringify(schedule.definition)}: ${dates.length} dates`,
      );
    }
  }
});
