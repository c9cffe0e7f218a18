// `node dist/test/bench/historyCost.js [deployments] [rounds]`: what the pass history insert and
// late marking add to a pass with nothing to do (README "Operating"). Seeds 10,000 deployments,
// fills them with one pass, then alternates, at that same instant (nothing to schedule, nothing
// late): a whole pass with late marking off, one with it on, the history insert alone and late
// marking alone. Prints the medians per database. PostgreSQL runs when
// SCHEDULER_TEST_POSTGRES_URL is set.
import { openSqlDatabase } from '../../src/db/openSqlDatabase.js';
import { silentLogger } from '../../src/logger.js';
import { markLateRuns } from '../../src/pass/markLateRuns.js';
import { recordPass } from '../../src/pass/passHistory.js';
import { runOnce } from '../../src/pass/runOnce.js';
import { DEFAULT_PASS_SETTINGS } from '../helpers/fixtures.js';
import { manualClock } from '../helpers/manualClock.js';
import { createTestDatabase, testProviders } from '../helpers/testDatabase.js';
import { seedBenchDatabase } from './seedBenchDatabase.js';

const DEPLOYMENTS = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.argv[3] ?? 21);
const NOW = new Date('2027-01-04T12:00:00Z');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

for (const provider of testProviders()) {
  const testDb = await createTestDatabase(provider);
  try {
    await seedBenchDatabase(testDb.url, DEPLOYMENTS);
    const db = await openSqlDatabase(testDb.url);
    const clock = manualClock(NOW);
    const settings = (markLateRuns: boolean) => ({ ...DEFAULT_PASS_SETTINGS, markLateRuns });
    const filled = await runOnce({ db, clock, settings: settings(true) });
    const record = {
      kind: 'once' as const,
      started: NOW,
      finished: NOW,
      now: NOW,
      counts: { deploymentsScanned: 0, runsInserted: 0, runsMarkedLate: 0 },
      errors: [],
      outcome: 'ok' as const,
    };
    const samples = {
      passLateOff: [] as number[],
      passLateOn: [] as number[],
      history: [] as number[],
      late: [] as number[],
    };
    for (let round = 0; round < ROUNDS; round++) {
      samples.passLateOff.push(await timed(() => runOnce({ db, clock, settings: settings(false) })));
      samples.history.push(
        await timed(() =>
          recordPass(db, record, { keepSeconds: DEFAULT_PASS_SETTINGS.passHistory, logger: silentLogger }),
        ),
      );
      samples.passLateOn.push(await timed(() => runOnce({ db, clock, settings: settings(true) })));
      samples.late.push(await timed(() => markLateRuns(db, NOW, DEFAULT_PASS_SETTINGS.lateAfter)));
    }
    await db.close();
    const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v).toFixed(2)]));
    console.log(
      `${provider}: ${DEPLOYMENTS} deployments, ${filled.runsInserted} runs, ${ROUNDS} alternating rounds, medians in ms: ` +
        `pass (late marking off, history recorded) ${m.passLateOff}; pass (late marking on) ${m.passLateOn}; ` +
        `history insert + prune alone ${m.history}; late marking alone ${m.late}`,
    );
  } finally {
    await testDb.drop();
  }
}
