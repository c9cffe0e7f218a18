import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { parseDatabaseUrl } from '../../src/db/databaseUrl.js';
import { upgradeDatabase } from '../../src/db/migrations/migrate.js';
import { openDatabase, type Database } from '../../src/db/openDatabase.js';
import { prismaOf } from '../../src/db/prisma.js';
import { sql } from '../../src/db/sql.js';
import { uuidv7 } from '../../src/ids.js';
import { insertScheduledRuns, type ScheduledRunRow } from '../../src/pass/schedulingStore.js';
import { deploymentSpec, scheduleSpec, seedDeployments } from '../helpers/fixtures.js';
import { createTestDatabase, notePostgresSkipped, testProviders, type TestDatabase } from '../helpers/testDatabase.js';

notePostgresSkipped();

const NOW = new Date('2026-03-01T12:00:00.000Z');
/** Text that COPY's format must escape: backslash, tab, newline, carriage return. */
const AWKWARD = 'C:\\tmp\ta\nb\rc';

const asJson = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
const asInstant = (value: unknown) => new Date(value as string | Date).toISOString();

for (const provider of testProviders()) {
  describe(`inserting scheduled runs on ${provider}`, () => {
    let testDb: TestDatabase;
    let db: Database;
    let target: { flow_id: string; deployment_id: string; schedule_id: string };
    let hour = 0;
    const run = (idempotencyKey: string): ScheduledRunRow => ({
      id: uuidv7(NOW.getTime()),
      stateId: uuidv7(NOW.getTime()),
      name: 'brave-otter',
      flowId: target.flow_id,
      deploymentId: target.deployment_id,
      deploymentScheduleId: target.schedule_id,
      workQueueName: null,
      parameters: JSON.stringify({ path: AWKWARD }),
      tags: JSON.stringify(['auto-scheduled', AWKWARD]),
      idempotencyKey,
      expectedStartTime: new Date(NOW.getTime() + ++hour * 3_600_000),
    });
    const insert = (runs: ScheduledRunRow[]) => db.sql.transaction((tx) => insertScheduledRuns(tx, runs, NOW));
    const stored = () =>
      db.sql.query<{
        id: string;
        idempotency_key: string;
        parameters: unknown;
        tags: unknown;
        work_queue_name: string | null;
        expected_start_time: unknown;
        state_id: string | null;
        scheduled_time: unknown;
      }>(sql`
        SELECT r.id, r.idempotency_key, r.parameters, r.tags, r.work_queue_name, r.expected_start_time,
          s.id AS state_id, s.scheduled_time
        FROM flow_run r LEFT JOIN flow_run_state s ON s.flow_run_id = r.id
        ORDER BY r.id`);

    before(async () => {
      testDb = await createTestDatabase(provider);
      await upgradeDatabase(parseDatabaseUrl(testDb.url));
      db = await openDatabase(testDb.url);
      await seedDeployments(db, [deploymentSpec('etl/nightly', [scheduleSpec({ cron: '0 7 * * *' })])], NOW);
      const targets = await db.sql.query<typeof target>(sql`
        SELECT d.flow_id, d.id AS deployment_id, s.id AS schedule_id
        FROM deployment d JOIN deployment_schedule s ON s.deployment_id = d.id`);
      target = targets[0]!;
    });
    after(async () => {
      await db.close();
      await testDb.drop();
    });
    beforeEach(() => prismaOf(db).flowRun.deleteMany());

    test('a run whose key exists is skipped; only the runs inserted get a state; text is kept exactly', async () => {
      const first = [run('k1'), run('k2')];
      assert.deepEqual(await insert(first), first);
      const fresh = run(`k3 ${AWKWARD}`);
      const second = [run('k2'), fresh, run('k1')];
      assert.deepEqual(await insert(second), [fresh]);

      const rows = await stored();
      assert.deepEqual(
        rows.map((row) => [row.id, row.state_id]),
        [...first, fresh].map((r) => [r.id, r.stateId]),
      );
      const kept = rows.find((row) => row.id === fresh.id)!;
      assert.equal(kept.idempotency_key, fresh.idempotencyKey);
      assert.deepEqual(asJson(kept.parameters), { path: AWKWARD });
      assert.deepEqual(asJson(kept.tags), ['auto-scheduled', AWKWARD]);
      assert.equal(kept.work_queue_name, null);
      assert.equal(asInstant(kept.expected_start_time), fresh.expectedStartTime.toISOString());
      assert.equal(asInstant(kept.scheduled_time), fresh.expectedStartTime.toISOString());
    });

    test('a key repeated within one batch is inserted once, with one state', async () => {
      const twice = [run('k4'), run('k4')];
      const inserted = await insert(twice);
      assert.equal(inserted.length, 1);
      const rows = await stored();
      assert.deepEqual(
        rows.map((row) => [row.id, row.state_id]),
        inserted.map((r) => [r.id, r.stateId]),
      );
    });

    test('outside a transaction PostgreSQL refuses: the staged rows would vanish at once', {
      skip: provider === 'sqlite',
    }, async () => {
      await assert.rejects(insertScheduledRuns(db.sql, [run('k8')], NOW), /inside a transaction/);
      assert.deepEqual(await stored(), []);
    });

    test('a batch that fails leaves nothing behind, and the next one goes in', async () => {
      const broken = { ...run('k5'), flowId: 'no-such-flow' };
      await assert.rejects(insert([run('k6'), broken]));
      assert.deepEqual(await stored(), []);
      const next = [run('k7')];
      assert.deepEqual(await insert(next), next);
      assert.equal((await stored()).length, 1);
    });
  });
}
