/** Whole-number options are parsed once, by the command line, with one error for every bad value. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const cases: Array<[string[], string, string]> = [
  [['preview', '--cron', '@daily', '--count'], '--count', 'from 1 to 100000'],
  [['runs', 'ls', '--limit'], '--limit', 'from 1 to 100000'],
  [['loop', '--max-iterations'], '--max-iterations', '>= 1'],
];

describe('whole-number options', () => {
  for (const [args, flag, range] of cases) {
    for (const bad of ['0', '1.5', 'abc', '', '-3', '1e2']) {
      test(`${flag} ${JSON.stringify(bad)} is one usage error, exit 2, before any work`, async () => {
        const cwd = mkdtempSync(join(tmpdir(), 'scheduler-options-'));
        // A database that cannot be opened: the error must come before any command touches it.
        const env = { HOME: cwd, SCHEDULER_DATABASE_URL: `file:${join(cwd, 'missing-dir', 'x', 'scheduler.db')}` };
        const result = await runCli([...args, bad], { cwd, env });
        assert.equal(result.code, 2, result.stderr);
        assert.equal(
          result.stderr,
          `scheduler: error: ${flag} ${JSON.stringify(bad)}: expected a whole number ${range}\n`,
        );
      });
    }
  }

  test('a good value reaches the command as a number', async () => {
    const result = await runCli(['preview', '--cron', '@daily', '--count', ' 3 ', '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).runs.length, 3);
  });
});
