/**
 * Every evaluation ends quickly, whatever the rule: rules the rrule package walks forever
 * (MINUTELY/SECONDLY with BYHOUR and a day filter) or to the year 9999 (rules that never
 * match, an EXRULE equal to the RRULE), and crons that never fire again. Each call must
 * return well under a second on both engines, with the same dates.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  getOccurrences,
  iterateOccurrences,
  parseSchedule,
  type ScheduleEngine,
  type DateWindow,
  type Schedule,
} from '../../src/schedule/index.js';

/** Typical: under 0.2 s; the reference cron walk of a century of month days for `0 0 1 * 1#5` about 0.7 s. */
const BUDGET_MS = 1500;
const DAY_MS = 86_400_000;
const STARTS = ['2026-01-01T00:00:00Z', '2026-03-29T00:30:00Z', '9999-06-01T00:00:00Z'].map((s) => new Date(s));

/** Dates of a window on one engine, failing when the call takes longer than the budget. */
function timed(schedule: Schedule, window: DateWindow, engine: ScheduleEngine): string[] {
  const began = performance.now();
  const dates = getOccurrences(schedule, window, { engine }).map((o) => o.at.toISOString());
  const ms = performance.now() - began;
  assert.ok(ms < BUDGET_MS, `${engine} took ${ms.toFixed(0)} ms for ${JSON.stringify(window)}`);
  return dates;
}

/** Both engines, count-only and 3-day windows from every start: in time and equal; returns the first count window's dates. */
function checkAll(definition: Record<string, unknown>): string[] {
  const schedule = parseSchedule(definition);
  let first: string[] | undefined;
  for (const start of STARTS) {
    for (const window of [
      { start, count: 25 },
      { start, end: new Date(start.getTime() + 3 * DAY_MS) },
    ]) {
      const fast = timed(schedule, window, 'fast');
      assert.deepEqual(timed(schedule, window, 'reference'), fast, `engines differ from ${start.toISOString()}`);
      first ??= fast;
    }
  }
  return first!;
}

const minutesOf = (day: string, hour: number, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${day}T${String(hour).padStart(2, '0')}:${String(i).padStart(2, '0')}:00.000Z`);
const secondsOf = (prefix: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}:${String(i).padStart(2, '0')}.000Z`);

describe('rules the rrule package cannot finish', () => {
  test('FREQ=MINUTELY;BYHOUR=23;BYDAY=FR: the minutes of Friday 23:00', () => {
    assert.deepEqual(checkAll({ rrule: 'FREQ=MINUTELY;BYHOUR=23;BYDAY=FR' }), minutesOf('2026-01-02', 23, 25));
  });
  test('FREQ=SECONDLY;BYMONTH=2;BYMINUTE=59: the seconds of 00:59 on 1 February', () => {
    assert.deepEqual(checkAll({ rrule: 'FREQ=SECONDLY;BYMONTH=2;BYMINUTE=59' }), secondsOf('2026-02-01T00:59', 25));
  });
  test('FREQ=SECONDLY;BYHOUR=23;BYMONTHDAY=13: the seconds of 23:00 on the 13th', () => {
    assert.deepEqual(checkAll({ rrule: 'FREQ=SECONDLY;BYHOUR=23;BYMONTHDAY=13' }), secondsOf('2026-01-13T23:00', 25));
  });
  test('SECONDLY with COUNT, UNTIL and BYDAY=53MO (the ordinal is ignored below MONTHLY): three seconds', () => {
    const rrule = 'DTSTART:20260101T000000Z RRULE:FREQ=SECONDLY;COUNT=3;BYDAY=53MO;UNTIL=99991231T235959Z;BYHOUR=2';
    assert.deepEqual(checkAll({ rrule }), secondsOf('2026-01-05T02:00', 3));
  });
  test('in a zone with DST, across the spring-forward night', () => {
    const dates = checkAll({ rrule: 'FREQ=MINUTELY;INTERVAL=20;BYHOUR=1,2,3;BYDAY=SU', timezone: 'Europe/Berlin' });
    assert.equal(dates[0], '2026-01-04T00:00:00.000Z');
  });
});

describe('rules and crons that never match', () => {
  for (const definition of [
    { rrule: 'RRULE:FREQ=DAILY\nEXRULE:FREQ=DAILY' },
    { rrule: 'RRULE:FREQ=DAILY\nEXRULE:FREQ=DAILY', timezone: 'Asia/Kathmandu' },
    { rrule: 'RRULE:FREQ=SECONDLY\nEXRULE:FREQ=SECONDLY' },
    { rrule: 'FREQ=DAILY;BYMONTHDAY=13;BYWEEKNO=53' },
    { rrule: 'FREQ=DAILY;BYSETPOS=1;BYMONTHDAY=13;BYWEEKNO=53' },
    { rrule: 'FREQ=SECONDLY;BYMONTHDAY=13;BYWEEKNO=53;BYMINUTE=1' },
    { rrule: 'FREQ=HOURLY;BYMONTHDAY=13;BYWEEKNO=53' },
    { rrule: 'DTSTART:20260101T000000\nRRULE:FREQ=HOURLY;INTERVAL=48;BYHOUR=5' },
    { rrule: 'DTSTART:20260106T000000\nRRULE:FREQ=DAILY;INTERVAL=7;BYDAY=MO' },
    { cron: '0 0 1 * 1#5', day_or: false },
  ]) {
    test(`${JSON.stringify(definition)}: no date, in time`, () => {
      assert.deepEqual(checkAll(definition), []);
    });
  }
  test('iterateOccurrences ends at `until`, and by default at the 100-year horizon', () => {
    const never = parseSchedule({ rrule: 'FREQ=SECONDLY;BYMONTHDAY=13;BYWEEKNO=53' });
    const start = new Date('2026-01-01T00:00:00Z');
    for (const engine of ['fast', 'reference'] as const) {
      const began = performance.now();
      assert.equal(
        iterateOccurrences(never, start, { engine, until: new Date('2026-04-11T00:00:00Z') }).next().done,
        true,
      );
      assert.equal(iterateOccurrences(never, start, { engine }).next().done, true);
      assert.ok(performance.now() - began < 2 * BUDGET_MS, `${engine} iteration too slow`);
    }
    const daily = parseSchedule({ rrule: 'FREQ=DAILY;BYHOUR=9' });
    const dates = [...iterateOccurrences(daily, start, { until: new Date('2026-01-03T09:00:00Z') })].map((o) =>
      o.at.toISOString(),
    );
    assert.deepEqual(dates, ['2026-01-01T09:00:00.000Z', '2026-01-02T09:00:00.000Z', '2026-01-03T09:00:00.000Z']);
  });
});
