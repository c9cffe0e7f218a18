/** The fast path's zone table answers as zone.ts (the reference) does, in every zone. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { getZone } from '../../src/schedule/zone.js';
import { getZoneTable } from '../../src/schedule/zoneTable.js';

/** Odd rules: 30-minute DST, a skipped day, abolished DST, Ramadan breaks, negative DST, +14. */
const ZONES = [
  'America/New_York',
  'Europe/London',
  'Europe/Dublin',
  'Australia/Lord_Howe',
  'Pacific/Apia',
  'America/Sao_Paulo',
  'Africa/Casablanca',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'America/Santiago',
  'Asia/Tehran',
  'Antarctica/Troll',
  'Asia/Kolkata',
];
/** The years schedules use; building a table costs about a millisecond per year. */
const moment = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) });
/** Far years, read from the table's 2100-2499 copy of each zone's final rule. */
const farMoment = fc.integer({ min: Date.UTC(2500, 0, 1), max: Date.UTC(9999, 11, 1) });

describe('zone table', () => {
  test('offsets and wall-time resolution match zone.ts in every zone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), moment, (name, ms) => {
        const table = getZoneTable(name);
        const zone = getZone(name);
        assert.equal(table.offsetAt(ms), zone.offsetAt(ms), 'offset');
        assert.deepEqual(table.resolve(ms), zone.resolve(ms), 'resolve');
      }),
      { numRuns: 2000 },
    );
  });

  test('far years repeat the 400-year cycle as Intl does', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('America/New_York', 'Australia/Lord_Howe', 'Europe/Berlin'),
        farMoment,
        (name, ms) => {
          assert.equal(getZoneTable(name).offsetAt(ms), getZone(name).offsetAt(ms), 'offset');
          assert.deepEqual(getZoneTable(name).resolve(ms), getZone(name).resolve(ms), 'resolve');
        },
      ),
      { numRuns: 300 },
    );
  });

  test('gap and overlap in New York, Lord Howe and Apia', () => {
    const wall = (text: string) => Date.parse(`${text}Z`);
    const ny = getZoneTable('America/New_York');
    assert.deepEqual(ny.resolve(wall('2026-03-08T02:30:00')), {
      at: Date.parse('2026-03-08T07:30:00Z'),
      shiftedByGap: true,
    });
    assert.deepEqual(ny.resolve(wall('2026-11-01T01:30:00')), {
      at: Date.parse('2026-11-01T05:30:00Z'),
      shiftedByGap: false,
    });
    const lordHowe = getZoneTable('Australia/Lord_Howe');
    assert.deepEqual(lordHowe.resolve(wall('2026-10-04T02:20:00')), {
      at: Date.parse('2026-10-03T15:50:00Z'),
      shiftedByGap: true,
    });
    const apia = getZoneTable('Pacific/Apia');
    assert.deepEqual(apia.resolve(wall('2011-12-30T12:00:00')), {
      at: Date.parse('2011-12-30T22:00:00Z'),
      shiftedByGap: true,
    });
  });
});
