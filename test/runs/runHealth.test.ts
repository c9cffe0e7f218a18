import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { prismaOf } from '../../src/db/prisma.js';
import type { Database } from '../../src/db/openDatabase.js';
import { runOnce } from '../../src/pass/runOnce.js';
import { countLateRuns, readShortestRunwaySeconds } from '../../src/runs/runHealth.js';
import {
  notePostgresSkipped,
  openMigratedTestDatabase,
  testProviders,
  type MigratedTestDatabase,
} from '../helpers/testDatabase.js';
import { manualClock } from '../helpers/manualClock.js';
import { DEFAULT_PASS_SETTINGS, deploymentSpec, scheduleSpec, seedDeployments } from '../helpers/fixtures.js';

notePostgresSkipped();

const NOW = new Date('2026-03-01T12:00:00.000Z');
const HOUR = 3600;
/** The lateAfter setting's default. */
const LATE_AFTER = 15;

for (const provider of testProviders()) {
  describe(`runway and late runs on ${provider}`, () => {
    let suite: MigratedTestDatabase;
    let db: Database;
    before(async () => {
      suite = await openMigratedTestDatabase(provider);
      db = suite.db;
    });
    after(() => suite.close());
    beforeEach(() => prismaOf(db).flow.deleteMany());

    test('no active schedule: no runway (null), no late run', async () => {
      await seedDeployments(db, [deploymentSpec('f/idle', [scheduleSpec({ interval: HOUR }, { active: false })])], NOW);
      assert.equal(await readShortestRunwaySeconds(db.sql, NOW), null);
      assert.equal(await countLateRuns(db.sql, NOW, LATE_AFTER), 0);
    });

    test('the runway is the shortest over active schedules of unpaused deployments; it shrinks as time passes', async () => {
      const anchor = NOW.toISOString();
      await seedDeployments(
        db,
        [
          deploymentSpec('f/hourly', [scheduleSpec({ interval: HOUR, anchor_date: anchor })]),
          deploymentSpec('f/daily', [scheduleSpec({ interval: 24 * HOUR, anchor_date: anchor })]),
          deploymentSpec('f/paused', [scheduleSpec({ interval: 60, anchor_date: anchor })], { paused: true }),
        ],
        NOW,
      );
      const settings = { ...DEFAULT_PASS_SETTINGS, minRuns: 5, maxRuns: 5 };
      await runOnce({ db, clock: manualClock(NOW), settings });
      // The hourly schedule holds NOW .. NOW+4h: its last run is 4 h ahead, the daily one's 4 days.
      assert.equal(await readShortestRunwaySeconds(db.sql, NOW), 4 * HOUR);
      assert.equal(await readShortestRunwaySeconds(db.sql, new Date(NOW.getTime() + 3 * HOUR * 1000)), HOUR);
      assert.equal(await readShortestRunwaySeconds(db.sql, new Date(NOW.getTime() + 5 * HOUR * 1000)), 0);
    });

    test('late runs: still SCHEDULED more than lateAfter after their time', async () => {
      await seedDeployments(
        db,
        [deploymentSpec('f/hourly', [scheduleSpec({ interval: HOUR, anchor_date: NOW.toISOString() })])],
        NOW,
      );
      await runOnce({ db, clock: manualClock(NOW), settings: { ...DEFAULT_PASS_SETTINGS, minRuns: 5, maxRuns: 5 } });
      assert.equal(await countLateRuns(db.sql, NOW, LATE_AFTER), 0);
      assert.equal(
        await countLateRuns(db.sql, new Date(NOW.getTime() + 10_000), LATE_AFTER),
        0,
        'within lateAfter (15 s)',
      );
      assert.equal(await countLateRuns(db.sql, new Date(NOW.getTime() + 16_000), LATE_AFTER), 1);
      const later = new Date(NOW.getTime() + (2 * HOUR + 16) * 1000);
      assert.equal(await countLateRuns(db.sql, later, LATE_AFTER), 3);
      await prismaOf(db).flowRun.updateMany({ data: { stateType: 'RUNNING', stateName: 'Running' } });
      assert.equal(await countLateRuns(db.sql, later, LATE_AFTER), 0, 'a started run is not late');
    });
  });
}
