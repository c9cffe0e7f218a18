/**
 * Cron text as Vixie cron and croniter accept it: a value named twice (`0,7` is Sunday twice)
 * is the union of the values, on both engines; and whatever cron-parser or the rrule package
 * refuses reaches the user in this project's words (field named, accepted form), never theirs.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { InvalidScheduleError } from '../../src/errors.js';
import {
  canonicalDefinition,
  getOccurrences,
  parseSchedule,
  type Schedule,
  type ScheduleEngine,
} from '../../src/schedule/index.js';

const ENGINES: readonly ScheduleEngine[] = ['fast', 'reference'];
/** Phrases of cron-parser's and the rrule package's own errors. */
const LIBRARY_WORDING =
  /Validation error|Constraint error|Invalid (cron|explicit|range|step|characters|wildcard|options|frequency|UNTIL)|Unexpected|Unknown RRULE|Nth out of range|Can't create weekday|bysetpos must be/;

function dates(definition: Record<string, unknown>, engine: ScheduleEngine): string[] {
  const window = { start: new Date('2026-03-01T00:00:00Z'), count: 40 };
  return getOccurrences(parseSchedule(definition), window, { engine }).map((o) => o.at.toISOString());
}

/** The parsed schedule, or null when refused with an InvalidScheduleError in this project's words. */
function parsedOrRefused(definition: Record<string, unknown>, prefix: string): Schedule | null {
  try {
    return parseSchedule(definition);
  } catch (error) {
    assert.ok(error instanceof InvalidScheduleError, `${JSON.stringify(definition)}: ${String(error)}`);
    assert.ok(error.message.startsWith(prefix), error.message);
    assert.doesNotMatch(error.message, LIBRARY_WORDING);
    return null;
  }
}

function refusal(definition: Record<string, unknown>): string {
  try {
    parseSchedule(definition);
  } catch (error) {
    assert.ok(error instanceof InvalidScheduleError, `not an InvalidScheduleError: ${String(error)}`);
    return error.message;
  }
  assert.fail(`accepted: ${JSON.stringify(definition)}`);
}

describe('values named twice', () => {
  const same: ReadonlyArray<readonly [string, string]> = [
    ['0 9 * * 0,7', '0 9 * * 0'],
    ['0 9 * * SUN,7', '0 9 * * 0'],
    ['0 9 * * 6-7,0', '0 9 * * 0,6'],
    ['1,1 9 * * *', '1 9 * * *'],
    ['*/15,30 * * * *', '*/15 * * * *'],
    ['0 1-5,3 * * *', '0 1-5 * * *'],
    ['0 9 * 3,MAR *', '0 9 * 3 *'],
    ['0 9 L,L * *', '0 9 L * *'],
    ['0 9 * * 5L,5L', '0 9 * * 5L'],
    ['0 9 * * *,1', '0 9 * * *'],
    ['0 9 ?,1 * MON', '0 9 ? * MON'],
  ];
  for (const [twice, once] of same) {
    test(`"${twice}" fires as "${once}" on both engines`, () => {
      for (const timezone of ['UTC', 'Europe/Berlin']) {
        for (const day_or of [true, false]) {
          const expected = dates({ cron: once, timezone, day_or }, 'reference');
          assert.ok(expected.length > 0);
          for (const engine of ENGINES) {
            assert.deepEqual(dates({ cron: twice, timezone, day_or }, engine), expected, `${engine} ${timezone}`);
          }
        }
      }
    });
  }
  test('the expression is kept as written in the canonical form', () => {
    assert.deepEqual(canonicalDefinition(parseSchedule({ cron: '0 9 * * sun,7' })), {
      cron: '0 9 * * SUN,7',
      timezone: 'UTC',
      day_or: true,
    });
  });
});

describe("cron-parser's refusals in this reader's words", () => {
  test('a day-of-month no month of the field has', () => {
    assert.equal(
      refusal({ cron: '0 0 31 2 *' }),
      'cron "0 0 31 2 *": day-of-month 31 never falls in month 2; use days the months have (L is the last day)',
    );
    assert.match(refusal({ cron: '0 0 30,31 FEB *' }), /day-of-month 30,31 never falls in month FEB/);
    // A restricted day-of-week rescues it (cron ORs the two), as in cron-parser.
    assert.doesNotThrow(() => parseSchedule({ cron: '0 0 31 2 MON' }));
  });
  test('n#k in a list', () => {
    assert.equal(
      refusal({ cron: '0 0 * * 1#1,2' }),
      'cron "0 0 * * 1#1,2": day-of-week "1#1,2": n#k (the k-th weekday n of the month) must stand alone, not in a list',
    );
  });
  test('a step on L', () => {
    assert.equal(
      refusal({ cron: '0 0 L/2 * *' }),
      'cron "0 0 L/2 * *": day-of-month "L/2" is not valid; use numbers 1-31, ranges a-b, lists a,b, steps */n',
    );
  });
  test('an expression longer than cron-parser reads, shown cut short', () => {
    const message = refusal({ cron: `${'0'.repeat(1100)}1 * * * *` });
    assert.match(message, /^cron "0{77}\.\.\.": is 1109 characters; at most 1024 are accepted$/);
  });
  test('generated crons: accepted, or refused in these words', () => {
    const item = fc.constantFrom(
      '*',
      '?',
      'L',
      '0',
      '1',
      '7',
      '31',
      '2',
      '1-5',
      '5-7',
      '*/15',
      '10/20',
      '1#1',
      '5L',
      'L/2',
      '5L/2',
      'FEB',
      'SUN',
      '0-0',
      '3-1',
    );
    const field = fc.array(item, { minLength: 1, maxLength: 3 }).map((items) => items.join(','));
    fc.assert(
      fc.property(fc.tuple(field, field, field, field, field), (fields) => {
        const cron = fields.join(' ');
        const schedule = parsedOrRefused({ cron }, `cron "${cron}": `);
        if (schedule === null) return;
        const window = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-03-01T00:00:00Z'), count: 5 };
        const fast = getOccurrences(schedule, window, { engine: 'fast' });
        assert.deepEqual(fast, getOccurrences(schedule, window, { engine: 'reference' }), cron);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the rrule package's refusals never reach a user", () => {
  test('generated rules: accepted and evaluated, or refused in these words', () => {
    const part = fc.constantFrom(
      'FREQ=DAILY',
      'FREQ=MONTHLY',
      'FREQ=YEARLY',
      'FREQ=HOURLY',
      'FREQ=FORTNIGHTLY',
      'INTERVAL=0',
      'INTERVAL=2',
      'COUNT=3',
      'UNTIL=20260201T000000Z',
      'UNTIL=2026',
      'BYDAY=MO,FR',
      'BYDAY=-1FR',
      'BYDAY=0MO',
      'BYDAY=99MO',
      'BYDAY=XX',
      'BYMONTHDAY=31',
      'BYMONTHDAY=0',
      'BYMONTH=2',
      'BYSETPOS=1',
      'BYSETPOS=0',
      'BYSETPOS=400',
      'BYHOUR=9,9',
      'BYWEEKNO=60',
      'BYEASTER=0',
      'WKST=XX',
      'X-NAME=1',
      'BYHOUR',
    );
    const rrule = fc.array(part, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(';'));
    fc.assert(
      fc.property(rrule, (text) => {
        const schedule = parsedOrRefused({ rrule: text, timezone: 'Europe/Berlin' }, 'rrule "');
        if (schedule === null) return;
        const window = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-02-01T00:00:00Z'), count: 3 };
        for (const engine of ENGINES) getOccurrences(schedule, window, { engine });
      }),
      { numRuns: 300 },
    );
  });
});
