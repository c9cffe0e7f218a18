// Run as `node --expose-gc longRunProbe.js DATABASE_URL ITERATIONS`: a real runLoop over
// a seeded database at loopSeconds 0.01, sampling the heap after a forced GC. Prints one
// JSON line: heap samples, passes, and the most passes ever running at once.
import { systemClock } from '../../src/clock.js';
import { openSqlDatabase, type SqlDatabase } from '../../src/db/openSqlDatabase.js';
import { runLoop } from '../../src/pass/runLoop.js';
import { DEFAULT_PASS_SETTINGS } from '../helpers/fixtures.js';

const [url, iterationsText] = process.argv.slice(2) as [string, string];
const iterations = Number(iterationsText);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

let running = 0;
let mostAtOnce = 0;
/** Every pass holds exactly one session; counting open sessions counts running passes. */
function countingPasses(db: SqlDatabase): SqlDatabase {
  return {
    ...db,
    sql: {
      ...db.sql,
      withSession: async (work) => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        try {
          return await db.sql.withSession(work);
        } finally {
          running -= 1;
        }
      },
    },
  };
}

const heapSamples: Array<{ iteration: number; heapUsed: number }> = [];
const report = await runLoop({
  connect: async () => countingPasses(await openSqlDatabase(url)),
  clock: systemClock,
  settings: { ...DEFAULT_PASS_SETTINGS, loopSeconds: 0.01, recentLoopSeconds: 0 },
  maxIterations: iterations,
  onPass: (_pass, iteration) => {
    if (iteration % 50 === 0) {
      gc();
      heapSamples.push({ iteration, heapUsed: process.memoryUsage().heapUsed });
    }
  },
});
process.stdout.write(
  `${JSON.stringify({ heapSamples, mostAtOnce, iterations: report.iterations, failedAttempts: report.failedAttempts })}\n`,
);
