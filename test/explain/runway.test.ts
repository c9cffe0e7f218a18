import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topUpTime } from '../../src/explain/runway.js';

const NOW = new Date('2027-01-04T12:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const LIMITS = { minRuns: 3, maxRuns: 100, minScheduledTime: 3600, maxScheduledRuns: null };

test('top-up is due when fewer than minRuns remain or the last run comes within minScheduledTime', () => {
  // Hourly runs at +60..+180 min: three runs until +60 min; the last is an hour ahead until +120 min.
  assert.deepEqual(topUpTime([at(60), at(120), at(180)], NOW, LIMITS), at(60));
  assert.deepEqual(topUpTime([at(60), at(120), at(180), at(240), at(300)], NOW, LIMITS), at(180));
  assert.deepEqual(topUpTime([at(1), at(2), at(3), at(4)], NOW, LIMITS), NOW);
  assert.deepEqual(topUpTime([], NOW, LIMITS), NOW);
});

test('a schedule at its cap is full until its first run passes; a cap of 0 never needs runs', () => {
  assert.deepEqual(topUpTime([at(1), at(2)], NOW, { ...LIMITS, maxScheduledRuns: 2 }), at(1));
  assert.equal(topUpTime([], NOW, { ...LIMITS, maxScheduledRuns: 0 }), null);
});
