/** Validation: InvalidScheduleError (exit code 2) naming the field and the accepted form. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EXIT, InvalidScheduleError } from '../../src/errors.js';
import { parseInstant, parseSchedule } from '../../src/schedule/index.js';

function rejects(definition: unknown, field: string, message: RegExp): void {
  assert.throws(
    () => parseSchedule(definition),
    (error: unknown) => {
      assert.ok(error instanceof InvalidScheduleError, `not an InvalidScheduleError: ${String(error)}`);
      assert.equal(error.field, field);
      assert.equal(error.exitCode, EXIT.usage);
      assert.equal(error.code, 'E_INVALID_SCHEDULE');
      assert.match(error.message, message);
      return true;
    },
  );
}

describe('schedule validation', () => {
  test('cron field out of range names the field and its range', () => {
    rejects({ cron: '61 * * * *' }, 'cron', /^cron "61 \* \* \* \*": minute 61 is out of range 0-59$/);
    rejects({ cron: '0 24 * * *' }, 'cron', /hour 24 is out of range 0-23/);
    rejects({ cron: '0 0 32 * *' }, 'cron', /day-of-month 32 is out of range 1-31/);
    rejects({ cron: '0 0 * 13 *' }, 'cron', /month 13 is out of range 1-12/);
    rejects({ cron: '0 0 * * 8' }, 'cron', /day-of-week 8 is out of range 0-7/);
  });
  test('cron with seconds or years fields is rejected', () => {
    rejects({ cron: '0 0 9 * * *' }, 'cron', /has 6 fields; seconds and years are not supported/);
    rejects({ cron: '0 0 9 * * * 2026' }, 'cron', /has 7 fields/);
    rejects({ cron: '0 9 *' }, 'cron', /has 3 fields; expected five fields/);
  });
  test('random and hashed cron values are rejected', () => {
    rejects({ cron: 'H * * * *' }, 'cron', /minute "H" is a random or hashed value/);
    rejects({ cron: 'R 9 * * *' }, 'cron', /random or hashed/);
    rejects({ cron: 'H/5 * * * *' }, 'cron', /random or hashed/);
  });
  test('other cron mistakes', () => {
    rejects({ cron: '*/0 * * * *' }, 'cron', /step "\*\/0" must be a positive whole number/);
    rejects({ cron: '0 9 * * FOO' }, 'cron', /day-of-week "FOO" is not valid/);
    rejects({ cron: '@fortnightly' }, 'cron', /unknown macro; accepted: @yearly/);
    rejects({ cron: '' }, 'cron', /must be a non-empty string/);
    rejects({ cron: 5 }, 'cron', /must be a non-empty string/);
  });
  test('names, macros and day-of-week 7 are accepted', () => {
    for (const cron of [
      '0 9 * JAN-MAR MON-FRI',
      '@daily',
      '@HOURLY',
      '0 0 * * 7',
      '0 0 L * *',
      '0 0 * * 5#2',
      '0 9 ? * 1',
    ]) {
      assert.doesNotThrow(() => parseSchedule({ cron }), cron);
    }
  });
  test('a typo in a key is an error naming the key', () => {
    rejects(
      { cron: '0 9 * * *', timezon: 'UTC' },
      'timezon',
      /schedule key "timezon" is not a schedule field; cron schedules accept cron, timezone, day_or/,
    );
    rejects({ interval: 60, day_or: true }, 'day_or', /applies to cron schedules only/);
    rejects({ cron: '0 9 * * *', slug: 'nightly' }, 'slug', /is not a schedule field/);
  });
  test('exactly one kind', () => {
    rejects(
      { cron: '0 9 * * *', interval: 60 },
      'schedule',
      /exactly one of cron, interval or rrule \(found cron and interval\)/,
    );
    rejects({ timezone: 'UTC' }, 'schedule', /found none/);
    rejects(null, 'schedule', /must be an object/);
    rejects(['cron'], 'schedule', /must be an object/);
  });
  test('timezone', () => {
    rejects(
      { cron: '0 9 * * *', timezone: 'Mars/Olympus' },
      'timezone',
      /timezone "Mars\/Olympus": not a known IANA time zone/,
    );
    rejects({ cron: '0 9 * * *', timezone: '+05:00' }, 'timezone', /not a known IANA/);
    rejects({ cron: '0 9 * * *', timezone: 5 }, 'timezone', /must be an IANA time zone name/);
  });
  test('day_or must be a boolean', () => {
    rejects({ cron: '0 9 * * *', day_or: 'yes' }, 'day_or', /must be true .* or false/);
  });
  test('interval must be positive and finite', () => {
    for (const interval of [0, -5, Infinity, NaN, 'soon', '']) {
      rejects({ interval }, 'interval', /must be a number of seconds greater than 0/);
    }
    rejects({ interval: 0.0001 }, 'interval', /at least 0.001 seconds/);
  });
  test('interval accepts numeric strings and ISO-8601 durations', () => {
    assert.equal((parseSchedule({ interval: '90' }) as { interval: number }).interval, 90);
    assert.equal((parseSchedule({ interval: 'PT1H30M' }) as { interval: number }).interval, 5400);
    assert.equal((parseSchedule({ interval: 'P1D' }) as { interval: number }).interval, 86400);
  });
  test('anchor_date must be ISO-8601', () => {
    rejects(
      { interval: 60, anchor_date: 'yesterday' },
      'anchor_date',
      /anchor_date "yesterday": must be an ISO-8601 date-time/,
    );
    rejects({ interval: 60, anchor_date: '2026-02-30T00:00:00' }, 'anchor_date', /ISO-8601/);
  });
  test('rrule mistakes name the part and the accepted form', () => {
    rejects({ rrule: 'FREQ=WEEKLY;BYDAY=XX' }, 'rrule', /BYDAY "XX" is not a weekday/);
    rejects({ rrule: 'FREQ=FORTNIGHTLY' }, 'rrule', /FREQ "FORTNIGHTLY" is not one of YEARLY/);
    rejects({ rrule: 'BYHOUR=9' }, 'rrule', /has no FREQ/);
    rejects({ rrule: 'FREQ=DAILY;BYHOUR=24' }, 'rrule', /BYHOUR 24 is out of range 0-23/);
    rejects({ rrule: 'FREQ=DAILY;BYHOURS=2' }, 'rrule', /unknown rule part BYHOURS/);
    rejects({ rrule: 'FREQ=DAILY;INTERVAL=0' }, 'rrule', /INTERVAL "0" must be a whole number of at least 1/);
    rejects({ rrule: 'DTSTART:2020-01-01\nRRULE:FREQ=DAILY' }, 'rrule', /DTSTART "2020-01-01" is not a date/);
    rejects({ rrule: 'FREQ=DAILY;UNTIL=20261399T000000' }, 'rrule', /UNTIL "20261399T000000" is not a valid date/);
    rejects(
      { rrule: 'DTSTART:20200101T000000\nDTSTART:20210101T000000\nFREQ=DAILY' },
      'rrule',
      /more than one DTSTART/,
    );
    rejects({ rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' }, 'rrule', /never falls in BYMONTH 2/);
    rejects(
      { rrule: 'FREQ=DAILY;BYHOUR=9;BYSETPOS=2' },
      'rrule',
      /BYSETPOS 2 is never reached: a DAILY period holds at most 1 candidate$/,
    );
    assert.doesNotThrow(() => parseSchedule({ rrule: 'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=5' }));
    rejects({ rrule: 'VEVENT:FOO' }, 'rrule', /unsupported property VEVENT/);
    rejects({ rrule: 'DTSTART;TZID=Nowhere/Land:20200101T000000\nFREQ=DAILY' }, 'rrule', /TZID "Nowhere\/Land"/);
  });
  test('rrule longer than 6500 characters is rejected', () => {
    const long = `FREQ=DAILY${`\nRDATE:20300101T000000`.repeat(400)}`;
    rejects({ rrule: long }, 'rrule', /at most 6500 are accepted/);
  });
  test('parseInstant names its field', () => {
    assert.throws(
      () => parseInstant('next tuesday', 'UTC', 'start'),
      /start "next tuesday": not an ISO-8601 date-time/,
    );
    assert.throws(() => parseInstant('2026-01-01', 'Nowhere/Land'), InvalidScheduleError);
  });
});
