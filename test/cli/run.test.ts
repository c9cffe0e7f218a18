/**
 * Whether an error carries its stack trace follows the resolved log level (README "Output
 * and exit codes"), not a word on the command line.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const STACK_LINE = /^\s+at /m;

function setup(): { cwd: string; env: Record<string, string> } {
  const cwd = mkdtempSync(join(tmpdir(), 'scheduler-run-'));
  return { cwd, env: { HOME: cwd, SCHEDULER_DATABASE_URL: `file:${join(cwd, 'scheduler.db')}` } };
}

describe('stack traces on errors', () => {
  test('a deployment named "debug" is only a name: no stack trace', async () => {
    const { cwd, env } = setup();
    const result = await runCli(['deployments', 'inspect', 'debug'], { cwd, env });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /deployment "debug" not found/);
    assert.doesNotMatch(result.stderr, STACK_LINE);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });

  for (const args of [['--log-level=debug'], ['--log-level', 'debug']]) {
    test(`${args.join(' ')} shows the stack trace`, async () => {
      const { cwd, env } = setup();
      const result = await runCli([...args, 'deployments', 'inspect', 'nope'], { cwd, env });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /deployment "nope" not found/);
      assert.match(result.stderr, STACK_LINE);
    });
  }

  test("a config file's logLevel debug shows the stack trace", async () => {
    const { cwd, env } = setup();
    writeFileSync(join(cwd, 'scheduler.config.json'), JSON.stringify({ logLevel: 'debug' }));
    const result = await runCli(['deployments', 'inspect', 'nope'], { cwd, env });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, STACK_LINE);
  });

  test('before the settings resolve, the flag decides, as it beats the environment', async () => {
    const { cwd, env } = setup();
    const shown = await runCli(['--log-level=debug', '--max-runs', '0', 'config', 'show'], { cwd, env });
    assert.equal(shown.code, 2, shown.stderr);
    assert.match(shown.stderr, STACK_LINE);
    const hidden = await runCli(['--log-level', 'info', '--max-runs', '0', 'config', 'show'], {
      cwd,
      env: { ...env, SCHEDULER_LOG_LEVEL: 'debug' },
    });
    assert.equal(hidden.code, 2, hidden.stderr);
    assert.doesNotMatch(hidden.stderr, STACK_LINE);
  });
});
