import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diffDeployment, type DeploymentState, type ScheduleState } from '../../src/deployments/diffDeployment.js';
import type { KeyedDeploymentSpec, KeyedScheduleSpec } from '../../src/deployments/resolveSpecs.js';

const hourly = { interval: 3600, anchor_date: '2026-01-01T00:00:00+00:00', timezone: 'UTC' };
const nightly = { cron: '0 2 * * *', timezone: 'Europe/Berlin', day_or: true };

/** The fields a stored schedule and a file's schedule share, at their defaults. */
const UNSET = { active: true, parameters: {}, maxScheduledRuns: null, slug: null, catchup: null };

function storedSchedule(
  key: string,
  schedule: Record<string, unknown>,
  over: Partial<ScheduleState> = {},
): ScheduleState {
  return { id: `row-${key}`, key, schedule, ...UNSET, ...over };
}

function specSchedule(key: string, canonical: Record<string, unknown>, over: Partial<KeyedScheduleSpec> = {}) {
  return { key, canonical, definition: canonical, ...UNSET, ...over } as KeyedScheduleSpec;
}

const stored: DeploymentState = {
  description: 'loads orders',
  tags: ['prod', 'etl'],
  parameters: { full: false, region: { name: 'eu', zone: 1 } },
  workQueueName: 'default',
  paused: false,
  schedules: [storedSchedule('h', hourly), storedSchedule('n', nightly)],
};

function spec(over: Partial<KeyedDeploymentSpec> = {}): KeyedDeploymentSpec {
  return {
    flowName: 'etl',
    name: 'orders',
    description: 'loads orders',
    tags: ['prod', 'etl'],
    // Same object, keys in another order: not a change.
    parameters: { region: { zone: 1, name: 'eu' }, full: false },
    workQueueName: 'default',
    paused: false,
    schedules: [specSchedule('h', hourly), specSchedule('n', nightly)],
    ...over,
  } as KeyedDeploymentSpec;
}

describe('diffDeployment', () => {
  test('the same deployment, keys in another order, is unchanged', () => {
    const diff = diffDeployment(stored, spec());
    assert.equal(diff.unchanged, true);
    assert.deepEqual(diff.changedFields, []);
    assert.equal(diff.runsAreStale, false);
  });

  test('a new description changes the deployment but leaves its runs', () => {
    const diff = diffDeployment(stored, spec({ description: 'loads all orders' }));
    assert.deepEqual(diff.changedFields, ['description']);
    assert.equal(diff.unchanged, false);
    assert.equal(diff.runsAreStale, false);
  });

  for (const [field, value] of [
    ['parameters', { full: true, region: { name: 'eu', zone: 1 } }],
    ['tags', ['prod']],
    ['workQueueName', 'urgent'],
  ] as const) {
    test(`a change of ${field}, which runs carry, makes every future run stale`, () => {
      const diff = diffDeployment(stored, spec({ [field]: value }));
      assert.deepEqual(diff.changedFields, [field]);
      assert.equal(diff.runsAreStale, true);
    });
  }

  test('pausing makes the runs stale; resuming does not', () => {
    assert.equal(diffDeployment(stored, spec({ paused: true })).runsAreStale, true);
    const resumed = diffDeployment({ ...stored, paused: true }, spec());
    assert.deepEqual(resumed.changedFields, ['paused']);
    assert.equal(resumed.runsAreStale, false);
  });

  test('a schedule in the file only is added; one stored only is removed', () => {
    const every5 = { cron: '*/5 * * * *', timezone: 'UTC', day_or: true };
    const diff = diffDeployment(stored, spec({ schedules: [specSchedule('h', hourly), specSchedule('f', every5)] }));
    assert.deepEqual(
      diff.added.map((s) => s.key),
      ['f'],
    );
    assert.deepEqual(
      diff.removed.map((s) => s.id),
      ['row-n'],
    );
    assert.deepEqual(diff.changed, []);
    assert.equal(diff.runsAreStale, false);
  });

  for (const [what, over] of [
    ['its definition', { canonical: { ...nightly, cron: '0 3 * * *' } }],
    ['active', { active: false }],
    ['its parameters', { parameters: { full: true } }],
    ['its run cap', { maxScheduledRuns: 5 }],
  ] as const) {
    test(`a schedule whose ${what} differs is changed, paired with its stored row`, () => {
      const changedSpec = specSchedule('n', nightly, over as Partial<KeyedScheduleSpec>);
      const diff = diffDeployment(stored, spec({ schedules: [specSchedule('h', hourly), changedSpec] }));
      assert.equal(diff.changed.length, 1);
      assert.equal(diff.changed[0]!.spec, changedSpec);
      assert.equal(diff.changed[0]!.stored.id, 'row-n');
      assert.deepEqual(diff.added, []);
      assert.deepEqual(diff.removed, []);
      assert.equal(diff.runsAreStale, false);
    });
  }

  test('a stored null and an absent value are alike', () => {
    const diff = diffDeployment({ ...stored, description: null }, spec({ description: undefined }));
    assert.equal(diff.unchanged, true);
  });
});
