import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPrefectDatabase } from '../../src/prefect/openPrefectDatabase.js';
import { notePostgresSkipped, testProviders } from '../helpers/testDatabase.js';
import { addPrefectDeployment, createPrefectDatabase } from './prefectFixture.js';

notePostgresSkipped();

for (const provider of testProviders()) {
  describe(`Prefect 3 test tables on ${provider}`, () => {
    test('the DDL loads, a deployment is written as Prefect writes it, and the head revision is accepted', async () => {
      const fx = await createPrefectDatabase(provider);
      try {
        const added = await addPrefectDeployment(fx, {
          flow: 'etl',
          name: 'nightly',
          schedules: [{ schedule: '{"cron": "0 2 * * *", "timezone": "UTC", "day_or": true}' }],
        });
        const rows = await fx.query<{ active: unknown }>('SELECT active FROM deployment_schedule WHERE id = ?', [
          added.scheduleIds[0],
        ]);
        assert.equal(Number(rows[0]!.active), 1);
        const db = await openPrefectDatabase(fx.url);
        await db.close();
      } finally {
        await fx.drop();
      }
    });
  });
}
