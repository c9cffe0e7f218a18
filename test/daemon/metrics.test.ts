import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSchedulerMetrics } from '../../src/daemon/metrics.js';

const sample = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  assert.ok(line, `${series} is exposed`);
  return Number(line.slice(series.length + 1));
};

test('a recent-deployments check counts its runs, missed slots and errors, but not as a pass', async () => {
  const metrics = await createSchedulerMetrics({ processMetrics: false });
  metrics.recordPass({ runsInserted: 10, runsCaughtUp: 4, errors: [], durationMs: 1500 }, new Date(1_000_000));
  metrics.recordRecentCheck({ runsInserted: 7, runsCaughtUp: 2, slotsMissed: 3, errors: ['x'], durationMs: 20 });
  const text = await metrics.text();
  assert.equal(sample(text, 'scheduler_runs_inserted_total{source="pass"}'), 6 + 5);
  assert.equal(sample(text, 'scheduler_runs_inserted_total{source="catchup"}'), 4 + 2);
  assert.equal(sample(text, 'scheduler_slots_missed_total'), 3);
  assert.equal(sample(text, 'scheduler_schedule_errors_total'), 1);
  assert.equal(sample(text, 'scheduler_passes_total{outcome="success"}'), 1);
  assert.equal(sample(text, 'scheduler_passes_total{outcome="schedule_errors"}'), 0);
  assert.equal(sample(text, 'scheduler_pass_duration_seconds_count'), 1);
  assert.equal(sample(text, 'scheduler_last_success_timestamp_seconds'), 1000);
});
