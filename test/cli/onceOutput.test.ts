import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, runCli } from '../helpers/cli.js';
import { fixturePath } from '../helpers/paths.js';

let dir: string;
let env: Record<string, string>;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scheduler-summary-'));
  env = { SCHEDULER_DATABASE_URL: `file:${join(dir, 'scheduler.db')}` };
  assert.equal(
    (await runCli(['deployments', 'apply', '-f', fixturePath('deployments.yaml'), '--no-schedule'], { env })).code,
    0,
  );
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

const hasScript = spawnSync('script', ['--version']).status === 0;

test('on a terminal, the spinner of a pass longer than a second shows the counts so far', {
  skip: hasScript ? false : 'needs `script` (util-linux) for a terminal',
}, async () => {
  const file = join(dir, 'hourly.json');
  // About 3 s of pass on a quiet machine: the progress shows for its last two seconds.
  const deployments = Array.from({ length: 900 }, (_, i) => ({
    name: `hourly-${i}`,
    flow_name: 'progress',
    schedules: [{ interval: 3600, anchor_date: '2026-01-01T00:00:00', timezone: 'UTC' }],
  }));
  writeFileSync(file, JSON.stringify({ deployments }));
  const ttyEnv = { SCHEDULER_DATABASE_URL: `file:${join(dir, 'tty.db')}` };
  assert.equal((await runCli(['deployments', 'apply', '-f', file, '--no-schedule'], { env: ttyEnv })).code, 0);
  // A terminal of a known size: ora redraws by the terminal's width.
  const command = `stty cols 100 rows 40; ${process.execPath} ${BIN} once --min-runs 100 --max-runs 100 --deployment-batch-size 10`;
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TERM: 'xterm', ...ttyEnv },
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(result.status, 0, result.stderr);
  const screen = result.stdout.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  assert.match(screen, /90000 run\(s\) inserted for 900 deployment\(s\)/);
  const progress = [...screen.matchAll(/scheduling: (\d+) deployment\(s\), (\d+) run\(s\) so far/g)];
  assert.ok(progress.length > 0, `progress shown:\n${screen.slice(0, 2000)}`);
  for (const [, scanned, runs] of progress) assert.equal(Number(runs), Number(scanned) * 100);
});
