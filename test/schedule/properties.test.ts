/** Property tests over generated schedules and windows (fast-check). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import rrulePkg from 'rrule';
import { getDates, parseSchedule, SEARCH_HORIZON_MS } from '../../src/schedule/index.js';
import { parseRRuleText } from '../../src/schedule/rruleSyntax.js';
import { ruleWallTimes } from '../../src/schedule/rrule.js';
import { packageDays } from '../../src/schedule/rruleDays.js';

const { RRule } = rrulePkg;

const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/London',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'America/St_Johns',
  'Asia/Kolkata',
  'Pacific/Apia',
  'Europe/Berlin',
];

const timezone = fc.constantFrom(...ZONES);
const small = (max: number) => fc.integer({ min: 0, max });
const cronField = (max: number) =>
  fc.oneof(
    fc.constant('*'),
    small(max).map(String),
    fc.integer({ min: 2, max: 30 }).map((n) => `*/${n}`),
    fc.uniqueArray(small(max), { minLength: 2, maxLength: 4 }).map((xs) => xs.sort((a, b) => a - b).join(',')),
  );
const cron = fc.record({
  cron: fc
    .tuple(
      cronField(59),
      cronField(23),
      fc.constantFrom('*', '1', '8-14', '15', '31'),
      fc.constantFrom('*', '3', '10,11'),
      fc.constantFrom('*', '1-5', 'FRI', '0,6'),
    )
    .map((fields) => fields.join(' ')),
  timezone,
  day_or: fc.boolean(),
});
const interval = fc.record({
  interval: fc.oneof(fc.integer({ min: 1, max: 7 * 86400 }), fc.constantFrom(60, 3600, 86400, 172800, 90000, 1.5)),
  anchor_date: fc
    .date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 19)),
  timezone,
});
const rrule = fc.record({
  rrule: fc
    .tuple(
      fc.constantFrom('YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY', 'MINUTELY'),
      fc.integer({ min: 1, max: 5 }),
      fc.option(
        fc.constantFrom(
          'BYHOUR=2,9',
          'BYMINUTE=0,30',
          'BYDAY=MO,FR',
          'BYMONTHDAY=1,-1',
          'BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR',
          'WKST=SU;BYDAY=SU,WE',
          'BYMONTH=2,3;BYMONTHDAY=29',
          'BYWEEKNO=1,20;BYDAY=TH',
        ),
      ),
    )
    .map(
      ([freq, every, extra]) =>
        `DTSTART:20240105T023000\nRRULE:FREQ=${freq};INTERVAL=${every}${extra ? `;${extra}` : ''}`,
    ),
  timezone,
});
const definition = fc.oneof(cron, interval, rrule);
const start = fc.date({
  min: new Date('2020-01-01T00:00:00Z'),
  max: new Date('2035-01-01T00:00:00Z'),
  noInvalidDate: true,
});

describe('schedule properties', () => {
  test('dates are strictly increasing, inside the window, and capped by count', () => {
    fc.assert(
      fc.property(
        definition,
        start,
        fc.integer({ min: 1, max: 40 }),
        fc.option(fc.integer({ min: 0, max: 20 * 86_400_000 })),
        (def, from, count, span) => {
          const end = span === null ? undefined : new Date(from.getTime() + span);
          const dates = getDates(parseSchedule(def), { start: from, count, end });
          assert.ok(dates.length <= count);
          for (const [i, date] of dates.entries()) {
            assert.ok(date.getTime() >= from.getTime(), 'before start');
            if (end !== undefined) assert.ok(date.getTime() <= end.getTime(), 'after end');
            if (i > 0) assert.ok(date.getTime() > dates[i - 1]!.getTime(), 'not strictly increasing');
          }
          // Without an end, an unending schedule fills the count, unless the search horizon
          // (SEARCH_HORIZON_MS: 100 years) comes first, as for March 1sts that are Fridays.
          if (end === undefined && !('rrule' in def) && dates.length < count) {
            const horizon = new Date(from.getTime() + SEARCH_HORIZON_MS);
            const next = getDates(parseSchedule(def), {
              start: new Date((dates.at(-1) ?? from).getTime() + 1),
              end: new Date(horizon.getTime() + 5 * 365 * 86_400_000),
              count: 1,
            });
            assert.ok(
              next.length === 0 || next[0]!.getTime() > horizon.getTime(),
              'stopped short of count before the horizon',
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('restarting at any returned date returns the rest of the list', () => {
    fc.assert(
      fc.property(definition, start, fc.integer({ min: 0, max: 9 }), (def, from, k) => {
        const schedule = parseSchedule(def);
        const dates = getDates(schedule, { start: from, count: 10 });
        if (dates.length <= k) return;
        const again = getDates(schedule, { start: dates[k]!, count: 10 - k });
        assert.deepEqual(again, dates.slice(k));
      }),
      { numRuns: 200 },
    );
  });

  test('an rrule evaluated from near the query start (by days or restarted) matches the rrule package walking from DTSTART', () => {
    fc.assert(
      fc.property(rrule, fc.double({ min: 0, max: 1, noNaN: true }), (def, fraction) => {
        const [rule] = parseRRuleText(def.rrule, 'UTC').set.rules;
        // The reference walks every step from DTSTART: keep its walk short for fine frequencies.
        const reach = [3 * 365, 3 * 365, 3 * 365, 3 * 365, 30, 2][rule!.freq]! * 86_400_000;
        const from = rule!.dtstart + Math.floor(fraction * reach);
        const ours = [...take(ruleWallTimes(rule!, packageDays(rule!), from, from + 200 * 366 * 86_400_000), 12)];
        const whole = new RRule({ ...rule!.options, dtstart: new Date(rule!.dtstart) }, true);
        const theirs: number[] = [];
        whole.all((d) => {
          if (d.getTime() >= from) theirs.push(d.getTime());
          return theirs.length < 12;
        });
        assert.deepEqual(ours, theirs);
      }),
      { numRuns: 150 },
    );
  });
});

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  for (const item of items) {
    yield item;
    if (--n === 0) return;
  }
}
