/**
 * SPEC 4 DST rules, one test per rule and zone. A "+" marks an occurrence that a
 * spring-forward gap moved (the preview table shows it). Expectations are UTC instants.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { run, runMarked } from './helpers.js';

const NY = 'America/New_York';
const LONDON = 'Europe/London';
const SYDNEY = 'Australia/Sydney';

describe('cron in a spring-forward gap fires once, moved forward by the gap', () => {
  test('New York: 02:30 on 2026-03-08 becomes 03:30 EDT', () => {
    assert.deepEqual(runMarked({ cron: '30 2 * * *', timezone: NY }, '2026-03-07T00:00:00Z', 3), [
      '2026-03-07T07:30:00.000Z',
      '2026-03-08T07:30:00.000Z+',
      '2026-03-09T06:30:00.000Z',
    ]);
  });
  test('London: 01:30 on 2026-03-29 becomes 02:30 BST', () => {
    assert.deepEqual(runMarked({ cron: '30 1 * * *', timezone: LONDON }, '2026-03-28T00:00:00Z', 3), [
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z+',
      '2026-03-30T00:30:00.000Z',
    ]);
  });
  test('Sydney: 02:30 on 2026-10-04 becomes 03:30 AEDT', () => {
    assert.deepEqual(runMarked({ cron: '30 2 * * *', timezone: SYDNEY }, '2026-10-02T00:00:00Z', 3), [
      '2026-10-02T16:30:00.000Z',
      '2026-10-03T16:30:00.000Z+',
      '2026-10-04T15:30:00.000Z',
    ]);
  });
  test('an every-15-minutes cron loses nothing and repeats nothing across the gap', () => {
    const dates = run({ cron: '*/15 * * * *', timezone: NY }, '2026-03-08T06:30:00Z', 6);
    assert.deepEqual(dates, [
      '2026-03-08T06:30:00.000Z', // 01:30 EST
      '2026-03-08T06:45:00.000Z',
      '2026-03-08T07:00:00.000Z', // 03:00 EDT (02:00 shifted, same instant)
      '2026-03-08T07:15:00.000Z',
      '2026-03-08T07:30:00.000Z',
      '2026-03-08T07:45:00.000Z',
    ]);
  });
  test('a shifted time is found from a start inside the hour after the gap', () => {
    // 03:10 EDT: the 02:30 match, moved to 03:30, is still ahead.
    assert.deepEqual(run({ cron: '30 2 * * *', timezone: NY }, '2026-03-08T07:10:00Z', 1), [
      '2026-03-08T07:30:00.000Z',
    ]);
  });
  test('Lord Howe (30-minute gap) keeps instants increasing', () => {
    const dates = run({ cron: '0,20,40 * * * *', timezone: 'Australia/Lord_Howe' }, '2026-10-03T15:00:00Z', 5);
    assert.deepEqual(dates, [
      '2026-10-03T15:10:00.000Z', // 01:40 LHST (+10:30)
      '2026-10-03T15:30:00.000Z', // 02:00 shifted to 02:30 LHDT (+11)
      '2026-10-03T15:40:00.000Z', // 02:40, real
      '2026-10-03T15:50:00.000Z', // 02:20 shifted to 02:50: after the real 02:40
      '2026-10-03T16:00:00.000Z', // 03:00
    ]);
  });
});

describe('cron on a repeated (fall-back) wall time fires once, at the first occurrence', () => {
  test('New York: 01:30 on 2026-11-01 is 01:30 EDT only', () => {
    assert.deepEqual(run({ cron: '30 1 * * *', timezone: NY }, '2026-10-31T00:00:00Z', 3), [
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
  });
  test('New York: hourly cron fires 01:00 EDT, then 02:00 EST', () => {
    assert.deepEqual(run({ cron: '0 * * * *', timezone: NY }, '2026-11-01T04:00:00Z', 3), [
      '2026-11-01T04:00:00.000Z',
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T07:00:00.000Z',
    ]);
  });
  test('London: 01:30 on 2026-10-25 is 01:30 BST only', () => {
    assert.deepEqual(run({ cron: '30 1 * * *', timezone: LONDON }, '2026-10-24T12:00:00Z', 2), [
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
  });
  test('Sydney: 02:30 on 2026-04-05 is 02:30 AEDT only', () => {
    assert.deepEqual(run({ cron: '30 2 * * *', timezone: SYDNEY }, '2026-04-04T00:00:00Z', 2), [
      '2026-04-04T15:30:00.000Z',
      '2026-04-05T16:30:00.000Z',
    ]);
  });
  test('a start inside the second 01:xx hour does not fire the repeated wall time again', () => {
    assert.deepEqual(run({ cron: '45 1 * * *', timezone: NY }, '2026-11-01T06:30:00Z', 1), [
      '2026-11-02T06:45:00.000Z',
    ]);
  });
});

describe('daily interval keeps its wall time all year', () => {
  test('New York: winter anchor queried in summer stays 09:00 (no Prefect drift)', () => {
    const definition = { interval: 86400, anchor_date: '2026-01-05T09:00:00', timezone: NY };
    assert.deepEqual(run(definition, '2026-07-01T00:00:00Z', 2), [
      '2026-07-01T13:00:00.000Z',
      '2026-07-02T13:00:00.000Z',
    ]);
  });
  test('New York: summer anchor (with offset) queried in winter stays 09:00', () => {
    const definition = { interval: 86400, anchor_date: '2026-07-01T09:00:00-04:00', timezone: NY };
    assert.deepEqual(run(definition, '2026-12-01T00:00:00Z', 1), ['2026-12-01T14:00:00.000Z']);
  });
  test('New York: a gap moves only its own day', () => {
    const definition = { interval: 86400, anchor_date: '2026-01-01T02:30:00', timezone: NY };
    assert.deepEqual(runMarked(definition, '2026-03-07T00:00:00Z', 3), [
      '2026-03-07T07:30:00.000Z',
      '2026-03-08T07:30:00.000Z+',
      '2026-03-09T06:30:00.000Z',
    ]);
  });
  test('London: a gap moves only its own day', () => {
    const definition = { interval: 86400, anchor_date: '2026-01-01T01:30:00', timezone: LONDON };
    assert.deepEqual(runMarked(definition, '2026-03-28T00:00:00Z', 3), [
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z+',
      '2026-03-30T00:30:00.000Z',
    ]);
  });
  test('Sydney: winter anchor stays 09:00 in summer, a gap moves only its own day', () => {
    const definition = { interval: 86400, anchor_date: '2026-06-01T02:30:00', timezone: SYDNEY };
    assert.deepEqual(runMarked(definition, '2026-10-02T00:00:00Z', 3), [
      '2026-10-02T16:30:00.000Z',
      '2026-10-03T16:30:00.000Z+',
      '2026-10-04T15:30:00.000Z',
    ]);
    assert.deepEqual(run({ ...definition, anchor_date: '2026-06-01T09:00:00' }, '2027-01-10T00:00:00Z', 1), [
      '2027-01-10T22:00:00.000Z',
    ]);
  });
  test('a daily wall time repeated at fall-back fires once, at the first occurrence', () => {
    const definition = { interval: 86400, anchor_date: '2026-01-01T01:30:00', timezone: NY };
    assert.deepEqual(run(definition, '2026-11-01T00:00:00Z', 2), [
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
  });
  test('an anchor after the start steps backwards in whole days', () => {
    const definition = { interval: 86400, anchor_date: '2027-01-01T09:00:00', timezone: SYDNEY };
    assert.deepEqual(run(definition, '2026-07-01T00:00:00Z', 1), ['2026-07-01T23:00:00.000Z']);
  });
  test('days plus a remainder: whole days on the wall clock, the rest elapsed', () => {
    // 1 day 1 hour from 2026-03-07 00:00 EST: +1 day = 03-08 00:00 EST, +1 h = 01:00 EST;
    // +2 days = 03-09 00:00 EDT, +2 h elapsed = 02:00 EDT.
    const definition = { interval: 90000, anchor_date: '2026-03-07T00:00:00', timezone: NY };
    assert.deepEqual(run(definition, '2026-03-07T00:00:00Z', 3), [
      '2026-03-07T05:00:00.000Z',
      '2026-03-08T06:00:00.000Z',
      '2026-03-09T06:00:00.000Z',
    ]);
  });
});

describe('sub-day interval is elapsed time', () => {
  test('New York: hourly fires at both 01:00s of the fall-back night', () => {
    const definition = { interval: 3600, anchor_date: '2026-11-01T00:00:00-04:00', timezone: NY };
    assert.deepEqual(run(definition, '2026-11-01T04:00:00Z', 4), [
      '2026-11-01T04:00:00.000Z',
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T07:00:00.000Z',
    ]);
  });
  test('London: hourly fires at both 01:00s of the fall-back night', () => {
    const definition = { interval: 3600, anchor_date: '2026-10-25T00:00:00', timezone: LONDON };
    assert.deepEqual(run(definition, '2026-10-24T23:00:00Z', 4), [
      '2026-10-24T23:00:00.000Z',
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
  });
  test('Sydney: hourly fires at both 02:00s of the fall-back night', () => {
    const definition = { interval: 3600, anchor_date: '2026-04-05T01:00:00', timezone: SYDNEY };
    assert.deepEqual(run(definition, '2026-04-04T14:00:00Z', 4), [
      '2026-04-04T14:00:00.000Z',
      '2026-04-04T15:00:00.000Z',
      '2026-04-04T16:00:00.000Z',
      '2026-04-04T17:00:00.000Z',
    ]);
  });
});

describe('rrule follows the cron DST rules', () => {
  const daily = (hour: number, timezone: string) => ({ rrule: `FREQ=DAILY;BYHOUR=${hour};BYMINUTE=30`, timezone });
  test('New York gap and overlap', () => {
    assert.deepEqual(runMarked(daily(2, NY), '2026-03-07T00:00:00Z', 3), [
      '2026-03-07T07:30:00.000Z',
      '2026-03-08T07:30:00.000Z+',
      '2026-03-09T06:30:00.000Z',
    ]);
    assert.deepEqual(run(daily(1, NY), '2026-11-01T00:00:00Z', 2), [
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
  });
  test('London gap and overlap', () => {
    assert.deepEqual(runMarked(daily(1, LONDON), '2026-03-28T00:00:00Z', 3), [
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z+',
      '2026-03-30T00:30:00.000Z',
    ]);
    assert.deepEqual(run(daily(1, LONDON), '2026-10-24T12:00:00Z', 2), [
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
  });
  test('Sydney gap and overlap', () => {
    assert.deepEqual(runMarked(daily(2, SYDNEY), '2026-10-02T00:00:00Z', 3), [
      '2026-10-02T16:30:00.000Z',
      '2026-10-03T16:30:00.000Z+',
      '2026-10-04T15:30:00.000Z',
    ]);
    assert.deepEqual(run(daily(2, SYDNEY), '2026-04-04T00:00:00Z', 2), [
      '2026-04-04T15:30:00.000Z',
      '2026-04-05T16:30:00.000Z',
    ]);
  });
  test('hourly rrule fires each wall hour once across fall-back', () => {
    const definition = { rrule: 'DTSTART:20261101T000000\nRRULE:FREQ=HOURLY', timezone: NY };
    assert.deepEqual(run(definition, '2026-11-01T04:00:00Z', 3), [
      '2026-11-01T04:00:00.000Z',
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T07:00:00.000Z',
    ]);
  });
});
