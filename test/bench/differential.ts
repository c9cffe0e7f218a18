/**
 * The full differential run (`npm run test:differential`): 20,000 generated cases per
 * schedule kind (first argument or DIFFERENTIAL_RUNS overrides; DIFFERENTIAL_SEED fixes
 * the seed), fast engine against reference engine. On a mismatch fast-check prints the
 * shrunk case and its seed, and the exit code is 1.
 */
import { checkEnginesAgree, type Kind } from '../schedule/differentialCases.js';

const RUNS = Number(process.argv[2] ?? process.env.DIFFERENTIAL_RUNS ?? 20_000);
const SEED = process.env.DIFFERENTIAL_SEED === undefined ? undefined : Number(process.env.DIFFERENTIAL_SEED);
const KINDS: readonly Kind[] = ['cron', 'interval', 'rrule'];

let failed = false;
for (const kind of KINDS) {
  const began = performance.now();
  try {
    checkEnginesAgree(kind, RUNS, SEED);
    console.log(
      `${kind}: ${RUNS.toLocaleString('en-US')} cases agree (${((performance.now() - began) / 1000).toFixed(1)} s)`,
    );
  } catch (error) {
    failed = true;
    console.log(
      `${kind}: MISMATCH after ${((performance.now() - began) / 1000).toFixed(1)} s\n${(error as Error).message}`,
    );
  }
}
process.exitCode = failed ? 1 : 0;
