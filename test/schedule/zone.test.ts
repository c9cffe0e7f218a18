/** The cached zone offsets agree with Intl, and wall-time resolution follows the SPEC rules. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { getZone } from '../../src/schedule/zone.js';

const ZONES = Intl.supportedValuesOf('timeZone');

function intlOffset(zone: string, ms: number): number {
  const seconds = Math.floor(ms / 1000) * 1000;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(seconds);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - seconds;
}

const instant = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2060, 0, 1) });

describe('zone', () => {
  test('offsets match Intl in every zone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, (name, ms) => {
        assert.equal(getZone(name).offsetAt(ms), intlOffset(name, ms));
      }),
      { numRuns: 3000 },
    );
  });

  test('resolve: a real wall time round-trips at its earliest instant; a gap time moves forward', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, (name, wall) => {
        const zone = getZone(name);
        const { at, shiftedByGap } = zone.resolve(wall);
        if (!shiftedByGap) {
          assert.equal(zone.wallOf(at), wall);
          // No earlier instant within a day shows the same wall time.
          const earlier = at - (zone.offsetAt(at - 86_400_000) - zone.offsetAt(at));
          if (earlier < at) assert.notEqual(zone.wallOf(earlier), wall);
        } else {
          const shift = zone.wallOf(at) - wall;
          assert.ok(shift > 0 && shift <= 86_400_000, `shift ${shift}`);
        }
      }),
      { numRuns: 3000 },
    );
  });

  test('transition nights in three zones', () => {
    const ny = getZone('America/New_York');
    assert.deepEqual(ny.resolve(Date.UTC(2026, 2, 8, 2, 30)), { at: Date.UTC(2026, 2, 8, 7, 30), shiftedByGap: true });
    assert.deepEqual(ny.resolve(Date.UTC(2026, 10, 1, 1, 30)), {
      at: Date.UTC(2026, 10, 1, 5, 30),
      shiftedByGap: false,
    });
    const london = getZone('Europe/London');
    assert.deepEqual(london.resolve(Date.UTC(2026, 9, 25, 1, 30)), {
      at: Date.UTC(2026, 9, 25, 0, 30),
      shiftedByGap: false,
    });
    const apia = getZone('Pacific/Apia');
    // Samoa skipped 2011-12-30 entirely: its wall times move forward a whole day.
    assert.deepEqual(apia.resolve(Date.UTC(2011, 11, 30, 9)), { at: Date.UTC(2011, 11, 30, 19), shiftedByGap: true });
  });
});
