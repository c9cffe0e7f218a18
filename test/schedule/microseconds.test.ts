/**
 * Instants keep microseconds: an interval schedule whose anchor or interval has them fires
 * at them, on both engines, exactly (checked against BigInt arithmetic), and prints them
 * as Python does when they are not zero.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  canonicalDefinition,
  formatInstant,
  getOccurrences,
  parseSchedule,
  SCHEDULE_ENGINES,
  type IntervalSchedule,
  type Occurrence,
} from '../../src/schedule/index.js';

const shown = (occurrences: Occurrence[], zone: string) => occurrences.map((o) => formatInstant(o.at, zone, o.micro));

/** Microseconds since the epoch of an occurrence, as a BigInt. */
const micros = (o: Occurrence) => BigInt(o.at.getTime()) * 1000n + BigInt(o.micro);

describe('microseconds', () => {
  for (const engine of SCHEDULE_ENGINES) {
    test(`Prefect's vector: 75 s anchored at 2020-02-17T21:15:45.964696-08:00 fires at :30.964696 (${engine})`, () => {
      // tests/server/schemas/test_schedules.py, test_interval_schedule_always_has_the_right_offset.
      const schedule = parseSchedule({
        interval: 75,
        anchor_date: '2020-02-17T21:15:45.964696-08:00',
        timezone: 'America/Los_Angeles',
      });
      const occurrences = getOccurrences(
        schedule,
        { start: new Date('2020-07-01T22:39:04.233Z'), count: 4 },
        { engine },
      );
      assert.deepEqual(shown(occurrences, 'America/Los_Angeles'), [
        '2020-07-01T15:39:30.964696-07:00',
        '2020-07-01T15:40:45.964696-07:00',
        '2020-07-01T15:42:00.964696-07:00',
        '2020-07-01T15:43:15.964696-07:00',
      ]);
    });

    test(`an interval with microseconds carries them into the milliseconds, printed only when not zero (${engine})`, () => {
      const schedule = parseSchedule({ interval: 1.000001, anchor_date: '2020-01-01T00:00:00.999998Z' });
      const occurrences = getOccurrences(schedule, { start: new Date('2020-01-01T00:00:00Z'), count: 4 }, { engine });
      assert.deepEqual(shown(occurrences, 'UTC'), [
        '2020-01-01T00:00:00.999998Z',
        '2020-01-01T00:00:01.999999Z',
        '2020-01-01T00:00:03Z',
        '2020-01-01T00:00:04.000001Z',
      ]);
    });

    test(`whole days keep the anchor's wall time and microseconds across New York's 2027 gap (${engine})`, () => {
      const schedule = parseSchedule({
        interval: 86_400,
        anchor_date: '2027-03-12T09:00:00.000250',
        timezone: 'America/New_York',
      });
      const occurrences = getOccurrences(schedule, { start: new Date('2027-03-13T00:00:00Z'), count: 2 }, { engine });
      assert.deepEqual(shown(occurrences, 'America/New_York'), [
        '2027-03-13T09:00:00.000250-05:00',
        '2027-03-14T09:00:00.000250-04:00',
      ]);
    });

    test(`a window's end is exact to the microsecond (${engine})`, () => {
      const schedule = parseSchedule({ interval: 60, anchor_date: '2020-01-01T00:00:00.000001Z' });
      const occurrences = getOccurrences(
        schedule,
        { start: new Date('2020-01-01T00:00:00Z'), end: new Date('2020-01-01T00:01:00Z') },
        { engine },
      );
      assert.deepEqual(shown(occurrences, 'UTC'), ['2020-01-01T00:00:00.000001Z']);
    });
  }

  test('sub-day intervals equal anchor + m x interval in exact microseconds, far from the anchor too', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999 }),
        fc.integer({ min: 1000, max: 86_399_999_999 }),
        fc.integer({ min: 0, max: 250_000_000_000_000 }),
        (anchorMicros, intervalMicros, offsetMs) => {
          const anchor = `1970-01-01T00:00:00.${String(anchorMicros).padStart(6, '0')}Z`;
          const schedule = parseSchedule({ interval: intervalMicros / 1e6, anchor_date: anchor }) as IntervalSchedule;
          const step = BigInt(schedule.intervalMs) * 1000n + BigInt(schedule.intervalMicro);
          assert.equal(step, BigInt(intervalMicros));
          const start = new Date(offsetMs);
          const [fast, reference] = SCHEDULE_ENGINES.map((engine) =>
            getOccurrences(schedule, { start, count: 3 }, { engine }),
          );
          assert.deepEqual(fast, reference);
          const first = micros(fast![0]!);
          assert.equal((first - BigInt(anchorMicros)) % step, 0n, 'not on the anchor grid');
          assert.ok(first >= BigInt(offsetMs) * 1000n && first - step < BigInt(offsetMs) * 1000n, 'not the first');
          assert.deepEqual(fast!.map(micros), [first, first + step, first + 2n * step]);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('the canonical definition keeps the anchor and interval microseconds', () => {
    const definition = canonicalDefinition(
      parseSchedule({ interval: 75.000001, anchor_date: '2020-02-17T21:15:45.964696-08:00', timezone: 'US/Pacific' }),
    );
    assert.deepEqual(definition, {
      interval: 75.000001,
      anchor_date: '2020-02-17T21:15:45.964696-08:00',
      timezone: 'US/Pacific',
    });
  });

  test('an interval under a millisecond is refused, as before', () => {
    assert.throws(() => parseSchedule({ interval: 0.0005 }), /at least 0\.001 seconds/);
  });
});
