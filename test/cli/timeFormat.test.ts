import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { isoInZone, localTime, utcTime } from '../../src/cli/timeFormat.js';

// Zones with half-hour and 45-minute offsets, abolished DST, a skipped day, and no abbreviation in en-US.
const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Apia',
  'America/Sao_Paulo',
];

/** The luxon formatting the CLI used before it read offsets from the schedule engine. */
function luxonLocalTime(at: Date, timezone: string): string {
  const local = DateTime.fromJSDate(at, { zone: timezone }).setLocale('en-US');
  const abbreviation = local.toFormat('ZZZZ');
  return `${local.toFormat('yyyy-LL-dd HH:mm')} ${/^[A-Z]{2,5}$/.test(abbreviation) ? abbreviation : local.toFormat('ZZ')}`;
}

test('table and JSON times agree with luxon in zones with odd rules, 1970-2100', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) / 1000 }),
      fc.constantFrom(...ZONES),
      (seconds, zone) => {
        const at = new Date(seconds * 1000);
        assert.equal(localTime(at, zone), luxonLocalTime(at, zone));
        assert.equal(isoInZone(at, zone), DateTime.fromJSDate(at, { zone }).toISO({ suppressMilliseconds: true }));
        assert.equal(utcTime(at), DateTime.fromJSDate(at, { zone: 'UTC' }).toFormat("yyyy-LL-dd HH:mm'Z'"));
      },
    ),
    { numRuns: 3000 },
  );
});

test('DST names and offsets around New York and Berlin transitions', () => {
  assert.equal(localTime(new Date('2026-03-08T06:59:00Z'), 'America/New_York'), '2026-03-08 01:59 EST');
  assert.equal(localTime(new Date('2026-03-08T07:00:00Z'), 'America/New_York'), '2026-03-08 03:00 EDT');
  assert.equal(localTime(new Date('2026-10-25T00:30:00Z'), 'Europe/Berlin'), '2026-10-25 02:30 +02:00');
  assert.equal(localTime(new Date('2026-10-25T01:30:00Z'), 'Europe/Berlin'), '2026-10-25 02:30 +01:00');
  assert.equal(isoInZone(new Date('2026-10-25T01:30:00Z'), 'Europe/Berlin'), '2026-10-25T02:30:00+01:00');
  assert.equal(isoInZone(new Date('2026-10-25T01:30:00Z'), 'UTC'), '2026-10-25T01:30:00Z');
});

test('a zone this ICU does not know is shown in UTC instead of failing the listing', () => {
  assert.equal(localTime(new Date('2026-01-01T12:00:00Z'), 'Mars/Olympus_Mons'), '2026-01-01 12:00 UTC');
  assert.equal(isoInZone(new Date('2026-01-01T12:00:00Z'), 'Mars/Olympus_Mons'), '2026-01-01T12:00:00Z');
});
