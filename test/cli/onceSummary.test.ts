import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { fixturePath } from '../helpers/paths.js';

let dir: string;
let env: Record<string, string>;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scheduler-summary-'));
  env = { SCHEDULER_DATABASE_URL: `file:${join(dir, 'scheduler.db')}` };
  assert.equal((await runCli(['deployments', 'apply', '-f', fixturePath('deployments.yaml')], { env })).code, 0);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('once in text mode prints one summary: on stdout, and no log line repeating it on stderr', async () => {
  const text = await runCli(['once'], { env });
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^\d+ run\(s\) inserted for 4 deployment\(s\) in [\d.]+ s\n$/);
  assert.equal(text.stderr, '');
});

test('the log line stays with --log-format json and with --json', async () => {
  const logJson = await runCli(['once', '--log-format', 'json'], { env });
  assert.equal(JSON.parse(logJson.stderr.trim()).msg, 'scheduled 0 runs');
  const json = await runCli(['once', '--json'], { env });
  assert.match(json.stderr, /info {2}scheduled 0 runs deployments=0/);
});
