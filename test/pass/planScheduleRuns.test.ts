import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planScheduleRuns, type RunPlanLimits } from '../../src/pass/planScheduleRuns.js';
import { parseSchedule } from '../../src/schedule/index.js';

// SPEC section 4 step 2 at each of its boundaries. The schedule fires one second after
// START and then every `interval` seconds, so a date lands exactly on START + d when d is
// one second past a multiple of the interval.
const START = new Date('2026-03-01T12:00:00.000Z');
const HOUR = 3600;

function plan(interval: number, limits: Partial<RunPlanLimits>): string[] {
  const schedule = parseSchedule({ interval, anchor_date: new Date(START.getTime() + 1000).toISOString() });
  const all: RunPlanLimits = { maxRuns: 100, minRuns: 3, maxScheduledTime: 100 * 86400, minScheduledTime: HOUR };
  return planScheduleRuns(schedule, START, { ...all, ...limits }).map((o) => o.at.toISOString());
}

function at(seconds: number): string {
  return new Date(START.getTime() + seconds * 1000).toISOString();
}

describe('planScheduleRuns boundaries (SPEC section 4 step 2)', () => {
  test('the waterfall stops at a date exactly at now + minScheduledTime, not at one a second before it', () => {
    // Dates at +1 s, +20 min 1 s, +40 min 1 s, +60 min 1 s, +80 min 1 s...
    const exact = plan(1200, { minScheduledTime: HOUR + 1 });
    assert.deepEqual(exact, [at(1), at(1201), at(2401), at(3601)]);
    const justBefore = plan(1200, { minScheduledTime: HOUR + 2 });
    assert.deepEqual(justBefore, [at(1), at(1201), at(2401), at(3601), at(4801)]);
  });

  test('the waterfall also needs minRuns dates: a date beyond now + minScheduledTime does not stop it alone', () => {
    assert.deepEqual(plan(2 * HOUR, { minRuns: 3 }), [at(1), at(7201), at(14401)]);
    assert.deepEqual(plan(2 * HOUR, { minRuns: 2 }), [at(1), at(7201)]);
  });

  test('the horizon is inclusive: a date exactly at now + maxScheduledTime is planned, one a second later is not', () => {
    const limits = { minRuns: 100, maxRuns: 100 };
    const exact = plan(HOUR, { ...limits, maxScheduledTime: 5 * HOUR + 1 });
    assert.equal(exact.length, 6);
    assert.equal(exact.at(-1), at(5 * HOUR + 1));
    const short = plan(HOUR, { ...limits, maxScheduledTime: 5 * HOUR });
    assert.equal(short.length, 5);
    assert.equal(short.at(-1), at(4 * HOUR + 1));
  });

  test('maxRuns caps at exactly maxRuns dates, also when the schedule allows more', () => {
    assert.equal(plan(60, { maxRuns: 5 }).length, 5);
    assert.equal(plan(60, { maxRuns: 5, maxScheduledRuns: 10 }).length, 5);
    assert.equal(plan(60, { maxRuns: 5, maxScheduledRuns: 4 }).length, 4);
  });

  test('a schedule capped at 0 runs plans nothing', () => {
    assert.deepEqual(plan(60, { maxScheduledRuns: 0 }), []);
  });
});
