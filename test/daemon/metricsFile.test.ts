import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { fixturePath } from '../helpers/paths.js';

describe('once --metrics-file', () => {
  let dir: string;
  let env: Record<string, string>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scheduler-textfile-'));
    env = { SCHEDULER_DATABASE_URL: `file:${join(dir, 'scheduler.db')}` };
    const applied = await runCli(['deployments', 'apply', '-f', fixturePath('deployments.yaml'), '--no-schedule'], {
      env,
    });
    assert.equal(applied.code, 0, applied.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("writes the pass's metrics in textfile format and leaves no temporary file behind", async () => {
    const folder = join(dir, 'textfiles');
    mkdirSync(folder);
    const path = join(folder, 'scheduler.prom');
    const first = await runCli(['once', '--json', '--metrics-file', path], { env });
    assert.equal(first.code, 0, first.stderr);
    const { runsInserted } = JSON.parse(first.stdout) as { runsInserted: number };
    assert.ok(runsInserted > 0);
    let text = readFileSync(path, 'utf8');
    assert.match(text, new RegExp(`^scheduler_runs_inserted_total\\{source="pass"\\} ${runsInserted}$`, 'm'));
    assert.match(text, /^scheduler_passes_total\{outcome="success"\} 1$/m);
    assert.match(text, /^# TYPE scheduler_pass_duration_seconds histogram$/m);
    assert.match(text, /^scheduler_runway_seconds \d/m);
    assert.doesNotMatch(text, /^process_/m, "node_exporter's own process_* metrics would clash");
    assert.ok(text.endsWith('\n'));
    // The second pass replaces the file: its counts, not a sum.
    const second = await runCli(['once', '--metrics-file', path], { env });
    assert.equal(second.code, 0, second.stderr);
    text = readFileSync(path, 'utf8');
    assert.match(text, /^scheduler_runs_inserted_total\{source="pass"\} 0$/m);
    assert.deepEqual(readdirSync(folder), ['scheduler.prom']);
  });

  test('a failed pass is written too (outcome failure), and the exit code is the pass’s', async () => {
    const path = join(dir, 'down.prom');
    const result = await runCli(['once', '--metrics-file', path], {
      env: { SCHEDULER_DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nothing' },
    });
    assert.equal(result.code, 1, result.stderr);
    const text = readFileSync(path, 'utf8');
    assert.match(text, /^scheduler_passes_total\{outcome="failure"\} 1$/m);
    assert.match(text, /^scheduler_db_failed_attempts_total 1$/m);
    assert.match(text, /^scheduler_last_success_timestamp_seconds 0$/m);
  });

  test('a folder that does not exist: one line, exit 2, no pass', async () => {
    const path = join(dir, 'missing', 'scheduler.prom');
    const result = await runCli(['once', '--metrics-file', path], { env });
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      `scheduler: error: --metrics-file ${path}: the folder ${join(dir, 'missing')} does not exist; create it first\n`,
    );
    assert.equal(result.stdout, '');
  });
});
