import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSettings } from '../../src/settings/resolveSettings.js';
import { SETTINGS } from '../../src/settings/definitions.js';
import { ConfigError } from '../../src/errors.js';

const base = { flags: {}, env: {}, file: null, homeDir: '/home/ann' };

/** A duration setting's reader (maxScheduledTime), null when it refuses the value. */
function parseDuration(value: unknown): number | null {
  const parsed = SETTINGS.maxScheduledTime.parse(value);
  return typeof parsed === 'number' ? parsed : null;
}

describe('resolveSettings', () => {
  test('defaults, with the database in the XDG data dir', () => {
    const { settings, sources } = resolveSettings(base);
    assert.equal(settings.maxRuns, 100);
    assert.equal(settings.maxScheduledTime, 100 * 86400);
    assert.equal(settings.databaseUrl, 'file:/home/ann/.local/share/scheduler/scheduler.db');
    assert.equal(sources.maxRuns, 'default');
    const xdg = resolveSettings({ ...base, env: { XDG_DATA_HOME: '/data' } });
    assert.equal(xdg.settings.databaseUrl, 'file:/data/scheduler/scheduler.db');
  });

  test('flag beats env beats file beats default, per key', () => {
    const { settings, sources } = resolveSettings({
      ...base,
      flags: { maxRuns: '9' },
      env: { SCHEDULER_MAX_RUNS: '8', SCHEDULER_MIN_RUNS: '2' },
      file: { path: '/etc/s.json', data: { maxRuns: 7, minRuns: 1, insertBatchSize: 50 } },
    });
    assert.deepEqual(
      [settings.maxRuns, settings.minRuns, settings.insertBatchSize, settings.loopSeconds],
      [9, 2, 50, 60],
    );
    assert.deepEqual(
      [sources.maxRuns, sources.minRuns, sources.insertBatchSize, sources.loopSeconds],
      ['flag', 'env', 'file', 'default'],
    );
  });

  test('zero is honoured, not mistaken for "not given"', () => {
    const fromFile = resolveSettings({ ...base, file: { path: 'c.json', data: { minRuns: 0, minScheduledTime: 0 } } });
    assert.equal(fromFile.settings.minRuns, 0);
    assert.equal(fromFile.settings.minScheduledTime, 0);
    const fromEnv = resolveSettings({
      ...base,
      env: { SCHEDULER_MIN_RUNS: '0' },
      file: { path: 'c.json', data: { minRuns: 5 } },
    });
    assert.equal(fromEnv.settings.minRuns, 0);
    assert.equal(fromEnv.sources.minRuns, 'env');
  });

  test('durations take seconds or ISO-8601', () => {
    assert.equal(parseDuration('3600'), 3600);
    assert.equal(parseDuration('PT1H'), 3600);
    assert.equal(parseDuration('P100D'), 8640000);
    assert.equal(parseDuration('P1DT12H30M'), 131400);
    assert.equal(parseDuration(90), 90);
    for (const bad of ['P', 'PT', '1h', '-5', 'P1Y', '', true, null, 1e308])
      assert.equal(parseDuration(bad), null, String(bad));
    const { settings } = resolveSettings({ ...base, flags: { maxScheduledTime: 'P10D', minScheduledTime: 'PT30M' } });
    assert.deepEqual([settings.maxScheduledTime, settings.minScheduledTime], [864000, 1800]);
  });

  const badCases: Array<[string, Parameters<typeof resolveSettings>[0], RegExp]> = [
    [
      'non-numeric flag',
      { ...base, flags: { maxRuns: 'abc' } },
      /^maxRuns from flag --max-runs: "abc" is not valid; expected an integer/,
    ],
    [
      'wrong type in file',
      { ...base, file: { path: 'c.json', data: { maxRuns: 'ten' } } },
      /^maxRuns from config file c\.json: "ten" is not valid/,
    ],
    [
      'fractional batch size',
      { ...base, env: { SCHEDULER_INSERT_BATCH_SIZE: '1.5' } },
      /insertBatchSize from environment variable SCHEDULER_INSERT_BATCH_SIZE/,
    ],
    [
      'unknown log level',
      { ...base, env: { SCHEDULER_LOG_LEVEL: 'loud' } },
      /logLevel .*expected debug, info, warn or error/,
    ],
    [
      'unknown key in file',
      { ...base, file: { path: 'c.json', data: { maxRunz: 1 } } },
      /unknown key "maxRunz" in config file c\.json; accepted keys: databaseUrl/,
    ],
    [
      'unsupported database scheme',
      { ...base, flags: { databaseUrl: 'mysql://x' } },
      /databaseUrl from flag --database-url: "mysql:\/\/x" is not valid/,
    ],
    [
      'minRuns above maxRuns',
      { ...base, flags: { minRuns: '10', maxRuns: '5' } },
      /minRuns \(10, from flag\) must not exceed maxRuns \(5, from flag\)/,
    ],
  ];
  for (const [name, input, message] of badCases) {
    test(`rejects ${name} with one line naming key and source`, () => {
      assert.throws(
        () => resolveSettings(input),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.equal(error.exitCode, 2);
          assert.match(error.message, message);
          assert.ok(!error.message.includes('\n'));
          return true;
        },
      );
    });
  }

  test('a password in a rejected URL is not echoed', () => {
    assert.throws(
      () => resolveSettings({ ...base, flags: { databaseUrl: 'mysql://app:hunter2@db/x' } }),
      (error: Error) => {
        assert.ok(!error.message.includes('hunter2'));
        assert.match(error.message, /app:\*\*\*@db/);
        return true;
      },
    );
  });
});
