import { prismaOf } from '../../src/db/prisma.js';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../src/db/openDatabase.js';
import { readMigrationStatus, upgradeDatabase } from '../../src/db/migrations/migrate.js';
import { listMigrationFiles } from '../../src/db/migrations/files.js';
import { parseDatabaseUrl } from '../../src/db/databaseUrl.js';
import { MigrationError } from '../../src/errors.js';
import { createTestDatabase, notePostgresSkipped, testProviders, type TestDatabase } from '../helpers/testDatabase.js';
import { runCli } from '../helpers/cli.js';

notePostgresSkipped();

for (const provider of testProviders()) {
  describe(`database on ${provider}`, () => {
    let testDb: TestDatabase;
    before(async () => {
      testDb = await createTestDatabase(provider);
    });
    after(async () => {
      await testDb.drop();
    });

    test('a fresh database reports its migrations pending, then upgrade applies them all', async () => {
      const target = parseDatabaseUrl(testDb.url);
      const names = listMigrationFiles(provider).map((m) => m.name);
      if (provider === 'postgres') {
        assert.deepEqual((await readMigrationStatus(target)).pending, names);
        await assert.rejects(
          openDatabase(testDb.url),
          (error: unknown) =>
            error instanceof MigrationError && /pending migration.*run `scheduler db upgrade`/.test(error.message),
        );
      }
      const first = await upgradeDatabase(target);
      assert.deepEqual(first.applied, names);
      assert.deepEqual(first.status.pending, []);
      const again = await upgradeDatabase(target);
      assert.deepEqual(again.applied, []);
    });

    test('every model and field round-trips through the Prisma client', async () => {
      const db = await openDatabase(testDb.url);
      try {
        const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s, 123));
        const flow = { id: 'f-1', name: 'etl', created: t(1), updated: t(2) };
        const deployment = {
          id: 'd-1',
          flowId: flow.id,
          name: 'nightly',
          description: 'with "quotes"; and %',
          tags: ['prod', "o'brien"],
          parameters: { nested: { list: [1, 2.5, null, true] } },
          workQueueName: 'default',
          paused: true,
          created: t(3),
          updated: t(4),
        };
        const schedule = {
          id: 's-1',
          deploymentId: deployment.id,
          key: 'nightly',
          schedule: { cron: '0 2 * * *', timezone: 'America/New_York', day_or: true },
          active: false,
          maxScheduledRuns: 5,
          parameters: { full_refresh: true },
          slug: 'nightly',
          catchup: 'latest',
          activeSince: t(5),
          created: t(5),
          updated: t(6),
        };
        const run = {
          id: 'r-1',
          name: 'brave-otter',
          flowId: flow.id,
          deploymentId: deployment.id,
          deploymentScheduleId: schedule.id,
          workQueueName: 'default',
          parameters: { a: 1 },
          tags: ['auto-scheduled', 'prod'],
          idempotencyKey: 'scheduled d-1 nightly 2026-01-02T07:00:00.000Z',
          autoScheduled: true,
          stateType: 'SCHEDULED',
          stateName: 'Scheduled',
          expectedStartTime: t(7),
          nextScheduledStartTime: t(8),
          created: t(9),
          updated: t(10),
        };
        const state = {
          id: 'st-1',
          flowRunId: run.id,
          type: 'SCHEDULED',
          name: 'Scheduled',
          timestamp: t(11),
          message: 'Flow run scheduled',
          scheduledTime: t(7),
        };
        await prismaOf(db).flow.create({ data: flow });
        await prismaOf(db).deployment.create({ data: deployment });
        await prismaOf(db).deploymentSchedule.create({ data: schedule });
        await prismaOf(db).flowRun.create({ data: run });
        await prismaOf(db).flowRunState.create({ data: state });
        assert.deepEqual(await prismaOf(db).flow.findUniqueOrThrow({ where: { id: flow.id } }), flow);
        assert.deepEqual(await prismaOf(db).deployment.findUniqueOrThrow({ where: { id: deployment.id } }), deployment);
        assert.deepEqual(
          await prismaOf(db).deploymentSchedule.findUniqueOrThrow({ where: { id: schedule.id } }),
          schedule,
        );
        assert.deepEqual(await prismaOf(db).flowRun.findUniqueOrThrow({ where: { id: run.id } }), run);
        assert.deepEqual(await prismaOf(db).flowRunState.findUniqueOrThrow({ where: { id: state.id } }), state);
        await assert.rejects(prismaOf(db).flowRun.create({ data: { ...run, id: 'r-2' } }), /Unique constraint/);
        await prismaOf(db).flowRun.delete({ where: { id: run.id } });
        assert.equal(await prismaOf(db).flowRunState.count(), 0, "a run's states go with it");
      } finally {
        await db.close();
      }
    });
  });

  test(`two \`db upgrade\` processes at once on ${provider} apply each migration exactly once`, async () => {
    const testDb = await createTestDatabase(provider);
    try {
      const env = { SCHEDULER_DATABASE_URL: testDb.url };
      const results = await Promise.all([
        runCli(['db', 'upgrade', '--json'], { env }),
        runCli(['db', 'upgrade', '--json'], { env }),
      ]);
      for (const result of results) assert.equal(result.code, 0, result.stderr);
      const applied = results.flatMap((r) => (JSON.parse(r.stdout) as { applied: string[] }).applied);
      assert.deepEqual(
        applied,
        listMigrationFiles(provider).map((m) => m.name),
      );
      const status = await runCli(['db', 'status', '--json'], { env });
      const document = JSON.parse(status.stdout) as { pending: string[]; appliedMigrations: unknown[] };
      assert.deepEqual(document.pending, []);
      assert.equal(document.appliedMigrations.length, applied.length);
    } finally {
      await testDb.drop();
    }
  });
}
