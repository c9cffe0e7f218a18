import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/openDatabase.js';
import { prismaOf } from '../../src/db/prisma.js';
import { runCliAt } from '../helpers/cliInProcess.js';
import { manualClock } from '../helpers/manualClock.js';
import { createTestDatabase, notePostgresSkipped, testProviders, type TestDatabase } from '../helpers/testDatabase.js';

notePostgresSkipped();

const T0 = new Date('2027-01-04T12:00:00Z');
const MINUTE = 60_000;

for (const provider of testProviders()) {
  describe(`pass and change history through the CLI on ${provider}`, () => {
    let testDb: TestDatabase;
    let env: Record<string, string>;
    const clock = manualClock(T0);
    const dir = mkdtempSync(join(tmpdir(), 'scheduler-history-'));
    const file = join(dir, 'deployments.yaml');
    const cli = (...args: string[]) => runCliAt(clock, args, env);
    before(async () => {
      testDb = await createTestDatabase(provider);
      env = { SCHEDULER_DATABASE_URL: testDb.url };
      if (provider === 'postgres') assert.equal((await cli('db', 'upgrade')).code, 0);
      writeFileSync(file, 'deployments:\n  - {name: every-minute, flow_name: etl, schedules: [{cron: "* * * * *"}]}\n');
    });
    after(() => testDb.drop());

    test('late runs show in runs ls and filter on --state-name; changes are recorded with the runs they deleted', async () => {
      assert.equal((await cli('deployments', 'apply', '-f', file, '--no-schedule')).code, 0);
      const first = await cli('once', '--json', '--min-scheduled-time', '0', '--min-runs', '5');
      assert.equal(first.code, 0, first.stderr);
      assert.equal(first.json.runsMarkedLate, 0);
      clock.set(new Date(T0.getTime() + 2 * MINUTE + 20_000));
      const second = await cli('once', '--json', '--min-scheduled-time', '0', '--min-runs', '5');
      assert.equal(second.json.runsMarkedLate, 3);
      const late = await cli('runs', 'ls', '--state-name', 'Late', '--json');
      assert.deepEqual(
        late.json.runs.map((r: { state: string; stateName: string; scheduledTime: string }) => [
          r.state,
          r.stateName,
          r.scheduledTime,
        ]),
        [
          ['SCHEDULED', 'Late', '2027-01-04T12:00:00Z'],
          ['SCHEDULED', 'Late', '2027-01-04T12:01:00Z'],
          ['SCHEDULED', 'Late', '2027-01-04T12:02:00Z'],
        ],
      );
      const table = await cli('runs', 'ls', '--state-name', 'Late');
      assert.match(table.stdout, /state name/);
      assert.equal(table.stdout.match(/ Late /g)?.length, 3);
      // A minute on, the 12:03 run is late too, but marking is off.
      clock.advance(MINUTE);
      const off = await cli('once', '--json', '--min-scheduled-time', '0', '--min-runs', '5', '--no-mark-late-runs');
      assert.equal(off.json.runsMarkedLate, 0);
      assert.equal((await cli('runs', 'ls', '--state-name', 'Late', '--json')).json.runs.length, 3);

      assert.equal((await cli('deployments', 'pause', 'etl/every-minute')).code, 0);
      // Resuming schedules 12:04 .. 13:03 at once (61 runs, recorded as a pass of kind resume); rm deletes them.
      assert.equal((await cli('deployments', 'resume', 'etl/every-minute')).code, 0);
      assert.equal((await cli('deployments', 'rm', 'etl/every-minute')).code, 0);
      const db = await openDatabase(testDb.url);
      try {
        const changes = await prismaOf(db).deploymentChange.findMany({ orderBy: { id: 'asc' } });
        assert.deepEqual(
          changes.map((c) => [c.deploymentName, c.action, c.runsDeleted]),
          [
            ['etl/every-minute', 'apply', 0],
            // 12:04 .. 12:08, the five future runs at 12:03:20.
            ['etl/every-minute', 'pause', 5],
            ['etl/every-minute', 'resume', 0],
            ['etl/every-minute', 'rm', 61],
          ],
        );
        const passes = await prismaOf(db).schedulerPass.findMany({ orderBy: { started: 'asc' } });
        assert.deepEqual(
          passes.map((p) => [p.kind, p.outcome, p.runsMarkedLate]),
          [
            ['once', 'ok', 0],
            ['once', 'ok', 3],
            ['once', 'ok', 0],
            ['resume', 'ok', 0],
          ],
        );
      } finally {
        await db.close();
      }
    });
  });
}
