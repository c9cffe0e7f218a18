/**
 * The ends of the engine's calendar (src/schedule/units.ts): crons and rules stop after the
 * last wall minute of the year 9999 on both engines, whatever the window's end, with offsets
 * past Intl's last reading taken as constant; intervals stop before the end of Date.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getOccurrences, parseSchedule, type ScheduleEngine } from '../../src/schedule/index.js';

const ENGINES: readonly ScheduleEngine[] = ['fast', 'reference'];
const LAST_DATE = new Date(8.64e15);
const DAY_MS = 86_400_000;

/** Count and last occurrence of a schedule from `start` to `end` on one engine. */
function tail(definition: Record<string, unknown>, start: string, end: Date | null, engine: ScheduleEngine) {
  const dates = getOccurrences(parseSchedule(definition), { start: new Date(start), end, count: 1000 }, { engine });
  return { count: dates.length, last: dates.at(-1)?.at.toISOString() };
}

describe('the last wall time is 9999-12-31T23:59 in the zone', () => {
  for (const kind of [{ cron: '* * * * *' }, { rrule: 'FREQ=MINUTELY' }]) {
    for (const engine of ENGINES) {
      for (const end of [null, LAST_DATE]) {
        const window = end === null ? 'no end' : 'an end at the last Date';
        test(`${Object.values(kind)[0]}, ${engine}, ${window}`, () => {
          assert.deepEqual(tail(kind, '9999-12-31T21:58:00Z', end, engine), {
            count: 122,
            last: '9999-12-31T23:59:00.000Z',
          });
          // Berlin's +01:00 after Intl's last reading (9999-12-31T00:00Z) holds to the end.
          assert.deepEqual(tail({ ...kind, timezone: 'Europe/Berlin' }, '9999-12-31T21:58:00Z', end, engine), {
            count: 62,
            last: '9999-12-31T22:59:00.000Z',
          });
        });
      }
    }
  }
});

describe('intervals stop 400 days before the end of Date', () => {
  const lastInstant = 8.64e15 - 400 * DAY_MS;
  const anchor = new Date(lastInstant - 1.5 * DAY_MS);
  for (const engine of ENGINES) {
    test(`daily from a day and a half before it, ${engine}`, () => {
      const dates = getOccurrences(
        parseSchedule({ interval: 86_400, anchor_date: anchor }),
        { start: anchor, end: LAST_DATE, count: 10 },
        { engine },
      );
      assert.deepEqual(
        dates.map((d) => d.at.getTime()),
        [anchor.getTime(), anchor.getTime() + DAY_MS],
      );
    });
  }
  test('an interval longer than the usable range is refused', () => {
    assert.throws(
      () => parseSchedule({ interval: lastInstant / 1000 + 1 }),
      /must be at most \d+ seconds \(the range of usable dates\)/,
    );
  });
});
