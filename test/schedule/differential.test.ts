/**
 * The fast engine returns exactly the reference engine's dates (a few hundred generated
 * cases per kind here; `npm run test:differential` runs 20,000 per kind).
 */
import { describe, test } from 'node:test';
import { checkEnginesAgree, type Kind } from './differentialCases.js';

const RUNS: Record<Kind, number> = { cron: 150, interval: 1000, rrule: 150 };

describe('fast engine = reference engine', () => {
  for (const kind of Object.keys(RUNS) as Kind[]) {
    test(`${kind}: ${RUNS[kind]} generated schedules and windows`, () => checkEnginesAgree(kind, RUNS[kind]));
  }
});
