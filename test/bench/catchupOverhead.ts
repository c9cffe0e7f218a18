// What the catch-up check and loop's recent-deployments query add to a pass with nothing
// to do (README "Catch-up after downtime"). Rerun: `npm run build && node
// dist/test/bench/catchupOverhead.js [deployments] [rounds]` (PostgreSQL too with
// SCHEDULER_TEST_POSTGRES_URL). Alternates the variants round by round and prints medians.
import { openSqlDatabase, type SqlDatabase } from '../../src/db/openSqlDatabase.js';
import { runOnce, type PassSettings } from '../../src/pass/runOnce.js';
import { readChangeWatermark, selectRecentlyChanged } from '../../src/pass/schedulingStore.js';
import { systemClock } from '../../src/clock.js';
import { createTestDatabase, POSTGRES_URL, testProviders } from '../helpers/testDatabase.js';
import { DEFAULT_PASS_SETTINGS } from '../helpers/fixtures.js';
import { seedBenchDatabase } from './seedBenchDatabase.js';

const DEPLOYMENTS = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.argv[3] ?? 21);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const pass = (db: SqlDatabase, settings: PassSettings) => runOnce({ db, clock: systemClock, settings });

if (!POSTGRES_URL) console.error('PostgreSQL skipped: set SCHEDULER_TEST_POSTGRES_URL to include it');
console.log(
  `| database | pass, catchup=none | pass, catchup=all | watermark read (per pass) | recent check, nothing new (per tick) |`,
);
console.log('|---|---|---|---|---|');
for (const provider of testProviders()) {
  const testDb = await createTestDatabase(provider);
  try {
    await seedBenchDatabase(testDb.url, DEPLOYMENTS);
    const db = await openSqlDatabase(testDb.url);
    try {
      const none = DEFAULT_PASS_SETTINGS;
      const all = { ...DEFAULT_PASS_SETTINGS, catchup: 'all' as const };
      const first = await pass(db, none);
      if (first.runsInserted === 0) throw new Error('the seed gave the first pass nothing to do');
      const samples = { none: [] as number[], all: [] as number[], watermark: [] as number[], recent: [] as number[] };
      for (let round = 0; round < ROUNDS; round += 1) {
        samples.none.push(await timed(() => pass(db, none)));
        samples.all.push(await timed(() => pass(db, all)));
        samples.watermark.push(await timed(() => readChangeWatermark(db)));
        const watermark = await readChangeWatermark(db);
        samples.recent.push(await timed(() => selectRecentlyChanged(db, new Date(watermark.getTime() + 1))));
      }
      const ms = (values: number[]) => `${median(values).toFixed(2)} ms`;
      console.log(
        `| ${provider}, ${DEPLOYMENTS} deployments | ${ms(samples.none)} | ${ms(samples.all)} | ${ms(samples.watermark)} | ${ms(samples.recent)} |`,
      );
    } finally {
      await db.close();
    }
  } finally {
    await testDb.drop();
  }
}
