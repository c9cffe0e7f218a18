/** The rest of the public surface: windows, canonical forms, descriptions, rrule sets. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  canonicalDefinition,
  describeSchedule,
  formatInstant,
  getDates,
  getOccurrences,
  iterateOccurrences,
  parseInstant,
  parseSchedule,
  timezoneOf,
} from '../../src/schedule/index.js';
import { iso, run } from './helpers.js';

const canonical = (definition: unknown) => canonicalDefinition(parseSchedule(definition));

describe('windows', () => {
  const daily = parseSchedule({ cron: '0 0 * * *' });
  test('start and end are inclusive', () => {
    const dates = getDates(daily, { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-01-03T00:00:00Z') });
    assert.deepEqual(iso(dates), ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z']);
  });
  test('without end or count one date; with an end at most 1000', () => {
    assert.equal(getDates(daily, { start: new Date('2026-01-01T00:00:00Z') }).length, 1);
    const minutely = parseSchedule({ cron: '* * * * *' });
    const window = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-02-01T00:00:00Z') };
    assert.equal(getDates(minutely, window).length, 1000);
    assert.equal(getDates(minutely, { ...window, count: 5000 }).length, 5000);
  });
  test('count 0 and an end before the start give nothing; a bad count throws', () => {
    assert.deepEqual(getDates(daily, { start: new Date('2026-01-01T00:00:00Z'), count: 0 }), []);
    assert.deepEqual(
      getDates(daily, { start: new Date('2026-01-02T00:00:00Z'), end: new Date('2026-01-01T00:00:00Z') }),
      [],
    );
    assert.throws(() => getDates(daily, { start: new Date('2026-01-01T00:00:00Z'), count: 1.5 }), RangeError);
  });
  test('iterateOccurrences is lazy: 100 minutely dates from a far start are quick', () => {
    const began = performance.now();
    const iterator = iterateOccurrences(
      parseSchedule({ rrule: 'FREQ=MINUTELY', timezone: 'America/New_York' }),
      new Date('2031-06-01T00:00:00Z'),
    );
    const first = [];
    for (const occurrence of iterator) {
      first.push(occurrence.at.toISOString());
      if (first.length === 100) break;
    }
    assert.equal(first[0], '2031-06-01T00:00:00.000Z');
    assert.equal(first[99], '2031-06-01T01:39:00.000Z');
    assert.ok(performance.now() - began < 500, 'walked from DTSTART instead of restarting near start');
  });
  test('getOccurrences marks gap-shifted times', () => {
    const occurrences = getOccurrences(parseSchedule({ cron: '30 2 * * *', timezone: 'America/New_York' }), {
      start: new Date('2026-03-08T00:00:00Z'),
      count: 2,
    });
    assert.deepEqual(
      occurrences.map((o) => o.shiftedByGap),
      [true, false],
    );
  });
});

describe('cron details', () => {
  test('day_or false ANDs the day fields: second Friday', () => {
    assert.deepEqual(run({ cron: '0 9 8-14 * FRI', day_or: false }, '2026-01-01T00:00:00Z', 3), [
      '2026-01-09T09:00:00.000Z',
      '2026-02-13T09:00:00.000Z',
      '2026-03-13T09:00:00.000Z',
    ]);
  });
  test('day_or true ORs them', () => {
    assert.deepEqual(run({ cron: '0 9 13 * FRI' }, '2026-02-01T00:00:00Z', 3), [
      '2026-02-06T09:00:00.000Z',
      '2026-02-13T09:00:00.000Z',
      '2026-02-20T09:00:00.000Z',
    ]);
  });
  test('macros', () => {
    assert.deepEqual(run({ cron: '@weekly', timezone: 'Europe/Berlin' }, '2026-01-01T00:00:00Z', 1), [
      '2026-01-03T23:00:00.000Z',
    ]);
  });
});

describe('rrule details', () => {
  test('RDATE and EXDATE ending in Z are UTC instants', () => {
    const definition = {
      rrule: 'DTSTART:20260101T090000\nRRULE:FREQ=DAILY;COUNT=3\nRDATE:20260110T134000Z\nEXDATE:20260102T140000Z',
      timezone: 'America/New_York',
    };
    assert.deepEqual(run(definition, '2026-01-01T00:00:00Z', 10), [
      '2026-01-01T14:00:00.000Z',
      '2026-01-03T14:00:00.000Z',
      '2026-01-10T13:40:00.000Z',
    ]);
  });
  test('floating RDATE and EXDATE are wall times in the zone; EXRULE removes', () => {
    const definition = {
      rrule:
        'DTSTART:20260105T090000\nRRULE:FREQ=DAILY\nEXRULE:FREQ=WEEKLY;BYDAY=SA,SU\nEXDATE:20260106T090000\nRDATE:20260110T120000',
      timezone: 'Europe/Berlin',
    };
    assert.deepEqual(run(definition, '2026-01-05T00:00:00Z', 6), [
      '2026-01-05T08:00:00.000Z',
      '2026-01-07T08:00:00.000Z',
      '2026-01-08T08:00:00.000Z',
      '2026-01-09T08:00:00.000Z',
      '2026-01-10T11:00:00.000Z',
      '2026-01-12T08:00:00.000Z',
    ]);
  });
  test("DTSTART with TZID is that zone's wall time, evaluated in the schedule zone", () => {
    const definition = {
      rrule: 'DTSTART;TZID=Europe/London:20260105T140000\nRRULE:FREQ=DAILY',
      timezone: 'America/New_York',
    };
    // 14:00 London = 09:00 New York; New York's wall clock keeps 09:00 after its own DST change.
    assert.deepEqual(run(definition, '2026-03-09T00:00:00Z', 1), ['2026-03-09T13:00:00.000Z']);
  });
  test('without a timezone, DTSTART;TZID=... sets it', () => {
    const schedule = parseSchedule({ rrule: 'DTSTART;TZID=Europe/London:20260105T090000\nRRULE:FREQ=DAILY' });
    assert.equal(schedule.timezone, 'Europe/London');
    assert.deepEqual(iso(getDates(schedule, { start: new Date('2026-07-01T00:00:00Z') })), [
      '2026-07-01T08:00:00.000Z',
    ]);
  });
  test('an rrule ending before the window gives nothing, without error', () => {
    assert.deepEqual(
      run({ rrule: 'DTSTART:20200101T000000\nRRULE:FREQ=DAILY;UNTIL=20200105T000000' }, '2026-01-01T00:00:00Z', 5),
      [],
    );
  });
  test('two RRULE lines are merged without duplicates', () => {
    const definition = { rrule: 'RRULE:FREQ=DAILY;BYHOUR=9;BYMINUTE=0\nRRULE:FREQ=DAILY;BYHOUR=9,17;BYMINUTE=0' };
    assert.deepEqual(run(definition, '2026-01-01T00:00:00Z', 3), [
      '2026-01-01T09:00:00.000Z',
      '2026-01-01T17:00:00.000Z',
      '2026-01-02T09:00:00.000Z',
    ]);
  });
});

describe('parseInstant', () => {
  test('offsets are instants; bare times are wall time in the zone', () => {
    assert.equal(
      parseInstant('2026-07-01T09:00:00+02:00', 'America/New_York').toISOString(),
      '2026-07-01T07:00:00.000Z',
    );
    assert.equal(parseInstant('2026-07-01T09:00', 'America/New_York').toISOString(), '2026-07-01T13:00:00.000Z');
    assert.equal(parseInstant('2026-07-01', null).toISOString(), '2026-07-01T00:00:00.000Z');
    assert.equal(parseInstant('2024-10-25T03:50:29.572537+00:00', 'UTC').toISOString(), '2024-10-25T03:50:29.572Z');
  });
  test('formatInstant writes the zone offset', () => {
    assert.equal(formatInstant(new Date('2026-07-01T13:00:00Z'), 'America/New_York'), '2026-07-01T09:00:00-04:00');
    assert.equal(formatInstant(new Date('2026-07-01T13:00:00Z'), null), '2026-07-01T13:00:00Z');
  });
  test('gap wall times move forward, repeated ones take the first occurrence', () => {
    assert.equal(parseInstant('2026-03-08T02:30:00', 'America/New_York').toISOString(), '2026-03-08T07:30:00.000Z');
    assert.equal(parseInstant('2026-11-01T01:30:00', 'America/New_York').toISOString(), '2026-11-01T05:30:00.000Z');
  });
});

describe('canonicalDefinition', () => {
  test('equal spellings give equal forms', () => {
    assert.deepEqual(
      canonical({ cron: '0  9 * * mon', timezone: null }),
      canonical({ cron: '0 9 * * MON', timezone: 'UTC', day_or: true }),
    );
    assert.deepEqual(canonical({ cron: '0 9 * * *', timezone: '' }), canonical({ cron: '0 9 * * *' }));
    assert.deepEqual(canonical({ rrule: 'RRULE:FREQ=DAILY;BYHOUR=9' }), canonical({ rrule: 'FREQ=DAILY;BYHOUR=9' }));
    assert.deepEqual(
      canonical({ interval: 3600.0 }),
      canonical({ interval: 3600, anchor_date: '2020-01-01T00:00:00', timezone: null }),
    );
    assert.deepEqual(
      canonical({ interval: 60, anchor_date: '2026-01-01T00:00:00Z' }),
      canonical({ interval: '60', anchor_date: '2026-01-01T01:00:00+01:00' }),
    );
  });
  test('different schedules give different forms, in a stable key order', () => {
    assert.notDeepEqual(canonical({ cron: '0 9 * * *', timezone: 'Europe/Berlin' }), canonical({ cron: '0 9 * * *' }));
    assert.notDeepEqual(canonical({ cron: '0 9 8-14 * 5', day_or: false }), canonical({ cron: '0 9 8-14 * 5' }));
    assert.deepEqual(Object.keys(canonical({ day_or: false, timezone: 'UTC', cron: '0 9 * * *' })), [
      'cron',
      'timezone',
      'day_or',
    ]);
    assert.deepEqual(canonical({ interval: 3600, anchor_date: '2026-01-01T00:00:00', timezone: 'America/New_York' }), {
      interval: 3600,
      anchor_date: '2026-01-01T00:00:00-05:00',
      timezone: 'America/New_York',
    });
  });
});

describe('timezoneOf', () => {
  test('the zone a stored definition names, canonical or as written', () => {
    assert.equal(timezoneOf(canonical({ cron: '0 9 * * *', timezone: 'Europe/Berlin' })), 'Europe/Berlin');
    assert.equal(
      timezoneOf(canonical({ rrule: 'DTSTART;TZID=America/New_York:20260101T090000\nRRULE:FREQ=DAILY' })),
      'America/New_York',
    );
    assert.equal(timezoneOf(canonical({ interval: 60 })), 'UTC');
    // Stored JSON is read as it is, even a zone this version does not know.
    assert.equal(timezoneOf({ cron: '0 9 * * *', timezone: 'Mars/Olympus' }), 'Mars/Olympus');
  });
  test('null when the definition names no zone', () => {
    for (const definition of [null, undefined, 'text', {}, { cron: '0 9 * * *' }, { timezone: '' }, { timezone: 5 }]) {
      assert.equal(timezoneOf(definition), null, JSON.stringify(definition));
    }
  });
});

describe('describeSchedule', () => {
  const says = (definition: unknown) => describeSchedule(parseSchedule(definition));
  test('common shapes in words', () => {
    assert.equal(says({ cron: '0 2 * * *', timezone: 'America/New_York' }), 'every day at 02:00 (America/New_York)');
    assert.equal(says({ cron: '0 * * * *' }), 'at minute 0 past every hour (UTC)');
    assert.equal(says({ cron: '*/5 * * * *' }), 'every 5 minutes (UTC)');
    assert.equal(says({ cron: '30 9 * * 1-5' }), 'at 09:30 on Monday through Friday (UTC)');
    assert.equal(says({ cron: '0 9 * * MON' }), 'every Monday at 09:00 (UTC)');
    assert.equal(says({ cron: '@daily' }), 'every day at 00:00 (UTC)');
    assert.equal(
      says({ interval: 3600, anchor_date: '2026-01-01T00:00:00Z' }),
      'every 1 hour from 2026-01-01T00:00:00Z',
    );
    assert.equal(
      says({ interval: 172800, timezone: 'Europe/Warsaw' }),
      'every 2 days from 2020-01-01T00:00:00+01:00 (Europe/Warsaw)',
    );
    assert.equal(
      says({ rrule: 'RRULE:FREQ=WEEKLY;BYDAY=MO,FR', timezone: 'Europe/Berlin' }),
      'every week on Monday and Friday at 00:00 (Europe/Berlin)',
    );
  });
  test('other shapes fall back to the expression', () => {
    assert.equal(says({ cron: '0 9 8-14 * FRI', day_or: false }), 'cron "0 9 8-14 * FRI" (day_or: false) (UTC)');
  });
});

describe('describeSchedule of RRules', () => {
  const says = (rrule: string, timezone = 'UTC') => describeSchedule(parseSchedule({ rrule, timezone }));
  test('daily, with the times DTSTART implies', () => {
    assert.equal(says('FREQ=DAILY;BYHOUR=9'), 'every day at 09:00 (UTC)');
    assert.equal(
      says('DTSTART:20260105T073000\nRRULE:FREQ=DAILY'),
      'every day at 07:30 from 2026-01-05T07:30:00 (UTC)',
    );
    assert.equal(says('FREQ=DAILY;BYHOUR=9,17;BYMINUTE=15;BYSECOND=30'), 'every day at 09:15:30 and 17:15:30 (UTC)');
    assert.equal(says('FREQ=DAILY;BYMONTH=6,7,8;BYHOUR=7'), 'every day in June, July and August at 07:00 (UTC)');
  });
  test('weekly with BYDAY', () => {
    assert.equal(
      says('FREQ=WEEKLY;BYDAY=MO,FR;BYHOUR=9', 'Europe/Berlin'),
      'every week on Monday and Friday at 09:00 (Europe/Berlin)',
    );
    assert.equal(
      says('FREQ=WEEKLY;BYDAY=FR,MO,WE,TU,TH;BYHOUR=8'),
      'every week on Monday through Friday at 08:00 (UTC)',
    );
    // Without BYDAY the weekday is DTSTART's (2020-01-01 was a Wednesday).
    assert.equal(says('FREQ=WEEKLY'), 'every week on Wednesday at 00:00 (UTC)');
    assert.equal(
      says('DTSTART:20260105T090000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO'),
      'every 2 weeks on Monday at 09:00 from 2026-01-05T09:00:00 (UTC)',
    );
  });
  test('monthly by month day or by the n-th weekday', () => {
    assert.equal(
      says('FREQ=MONTHLY;BYMONTHDAY=1,15;BYHOUR=6;BYMINUTE=30'),
      'every month on day 1 and 15 at 06:30 (UTC)',
    );
    assert.equal(says('FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=23'), 'every month on the last day at 23:00 (UTC)');
    assert.equal(says('FREQ=MONTHLY;BYDAY=1MO;BYHOUR=9'), 'every month on the first Monday at 09:00 (UTC)');
    assert.equal(says('FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=17'), 'every month on the last Friday at 17:00 (UTC)');
  });
  test('yearly', () => {
    assert.equal(says('FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25;BYHOUR=8'), 'every year on 25 December at 08:00 (UTC)');
    assert.equal(
      says('FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;BYHOUR=1'),
      'every year in March on the last Sunday at 01:00 (UTC)',
    );
  });
  test('hourly and finer, with INTERVAL counted from DTSTART', () => {
    assert.equal(says('FREQ=HOURLY;BYMINUTE=30'), 'every hour at minute 30 (UTC)');
    assert.equal(says('FREQ=HOURLY;INTERVAL=2'), 'every 2 hours at minute 0 from 2020-01-01T00:00:00 (UTC)');
    assert.equal(says('FREQ=MINUTELY;INTERVAL=15'), 'every 15 minutes from 2020-01-01T00:00:00 (UTC)');
    assert.equal(
      says('FREQ=SECONDLY;INTERVAL=30;BYDAY=SA,SU'),
      'every 30 seconds on Saturday and Sunday from 2020-01-01T00:00:00 (UTC)',
    );
  });
  test('COUNT and UNTIL', () => {
    assert.equal(
      says('DTSTART:20260105T090000\nRRULE:FREQ=DAILY;COUNT=10'),
      'every day at 09:00 from 2026-01-05T09:00:00, 10 times (UTC)',
    );
    assert.equal(
      says('FREQ=WEEKLY;BYDAY=TU;BYHOUR=18;UNTIL=20261231T235959'),
      'every week on Tuesday at 18:00 until 2026-12-31T23:59:59 (UTC)',
    );
    // A UTC UNTIL is shown on the zone's wall clock, as the rule runs.
    assert.equal(
      says('FREQ=DAILY;BYHOUR=9;UNTIL=20260630T120000Z', 'Europe/Berlin'),
      'every day at 09:00 until 2026-06-30T14:00:00 (Europe/Berlin)',
    );
  });
  test('what words cannot say briefly falls back to the rule text', () => {
    for (const rrule of [
      'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
      'FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO',
      'FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR',
      'FREQ=MONTHLY;BYDAY=-3MO',
      'FREQ=WEEKLY;BYDAY=1MO',
      'FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6',
      'FREQ=MINUTELY;BYHOUR=9',
      'FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=MO',
    ]) {
      assert.equal(says(rrule), `${rrule} (UTC)`);
    }
    assert.equal(says('RRULE:FREQ=DAILY\nRRULE:FREQ=HOURLY'), 'FREQ=DAILY FREQ=HOURLY (UTC)');
    assert.equal(
      says('FREQ=DAILY;BYHOUR=9\nEXDATE:20260102T090000'),
      'FREQ=DAILY;BYHOUR=9 EXDATE:20260102T090000 (UTC)',
    );
    assert.equal(says('RDATE:20260102T090000'), 'RDATE:20260102T090000 (UTC)');
  });
});
