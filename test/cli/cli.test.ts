import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, REPO_ROOT, runCli } from '../helpers/cli.js';

const ESC = '\x1b[';

describe('the CLI shell', () => {
  test('--version prints the package version and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await runCli(['--version']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout.trim(), version);
  });

  test('--help lists every setting with its env var and default, and the exit codes', async () => {
    const result = await runCli(['--help']);
    assert.equal(result.code, 0);
    for (const text of [
      'SCHEDULER_DATABASE_URL',
      'SCHEDULER_MAX_SCHEDULED_TIME',
      'default P100D',
      '--insert-batch-size',
      'Exit codes',
      '130/143',
    ]) {
      assert.ok(result.stdout.includes(text), `help lacks ${text}`);
    }
  });

  test('Commander usage errors exit 2, also in --json mode with an error document', async () => {
    const unknown = await runCli(['--bogus']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option '--bogus'/);
    const json = await runCli(['config', 'show', '--json', '--log-level', 'loud']);
    assert.equal(json.code, 2);
    assert.equal(JSON.parse(json.stdout).error.code, 'E_USAGE');
  });

  test('config show --json reports the source of a value set by flag, env and file at once', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'scheduler-cli-'));
    writeFileSync(join(cwd, 'scheduler.config.yaml'), 'maxRuns: 7\nminRuns: 1\ninsertBatchSize: 250\n');
    const result = await runCli(['--max-runs', '9', 'config', 'show', '--json'], {
      cwd,
      env: { HOME: cwd, SCHEDULER_MIN_RUNS: '2' },
    });
    assert.equal(result.code, 0, result.stderr);
    const { settings, configFile } = JSON.parse(result.stdout);
    assert.deepEqual(settings.maxRuns, { value: 9, source: 'flag' });
    assert.deepEqual(settings.minRuns, { value: 2, source: 'env' });
    assert.deepEqual(settings.insertBatchSize, { value: 250, source: 'file' });
    assert.deepEqual(settings.loopSeconds, { value: 60, source: 'default' });
    assert.equal(configFile, join(cwd, 'scheduler.config.yaml'));
    const after = await runCli(['config', 'show', '--json', '--max-runs', '9'], { cwd, env: { HOME: cwd } });
    assert.deepEqual(
      JSON.parse(after.stdout).settings.maxRuns,
      { value: 9, source: 'flag' },
      'setting flags work after the command too',
    );
  });

  const configErrors: Array<[string, string | null, string[], RegExp]> = [
    [
      'a missing --config file',
      null,
      ['--config', '/nonexistent/s.json'],
      /config file \/nonexistent\/s\.json does not exist/,
    ],
    ['an unparsable file', '{"maxRuns": ', [], /is not valid JSON/],
    ['an unknown key', '{"maxRunz": 3}', [], /unknown key "maxRunz"/],
    ['a wrong type', '{"maxRuns": "many"}', [], /maxRuns from config file .*: "many" is not valid/],
    ['a list instead of a mapping', '[1, 2]', [], /must hold a mapping/],
  ];
  for (const [name, content, args, message] of configErrors) {
    test(`${name} is one line on stderr and exit 2`, async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'scheduler-cli-'));
      if (content !== null) writeFileSync(join(cwd, 'scheduler.config.json'), content);
      const result = await runCli([...args, 'config', 'show'], { cwd, env: { HOME: cwd } });
      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.equal(result.stdout, '');
    });
  }

  test('output off a TTY carries no colour codes, and passwords print as ***', async () => {
    const result = await runCli(['config', 'show', '--database-url', 'postgresql://app:s3cret@db.example:5432/prod'], {
      env: { FORCE_COLOR: '1' },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!result.stdout.includes(ESC) && !result.stderr.includes(ESC));
    assert.ok(!result.stdout.includes('s3cret'));
    assert.match(result.stdout, /postgresql:\/\/app:\*\*\*@db\.example:5432\/prod/);
  });

  test('on a terminal, tables are coloured unless NO_COLOR is set', () => {
    // script(1) (util-linux, on every Debian) gives the CLI a pseudo-terminal for stdout.
    const onTerminal = (env: Record<string, string>) =>
      spawnSync('script', ['-qec', `${process.execPath} ${BIN} preview --cron '0 9 * * *' --count 1`, '/dev/null'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TERM: 'xterm', ...env },
      });
    const coloured = onTerminal({});
    assert.equal(coloured.status, 0, coloured.stderr);
    assert.ok(coloured.stdout.includes(`${ESC}1m#`), JSON.stringify(coloured.stdout));
    const plain = onTerminal({ NO_COLOR: '1' });
    assert.equal(plain.status, 0, plain.stderr);
    assert.match(plain.stdout, /#\s+local time/);
    assert.ok(!plain.stdout.includes(ESC), JSON.stringify(plain.stdout));
  });

  test('an unreachable PostgreSQL is one line, exit 1, without the password', async () => {
    const result = await runCli(['db', 'status', '--database-url', 'postgresql://app:s3cret@127.0.0.1:1/prod']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot connect to PostgreSQL at postgresql:\/\/app:\*\*\*@127\.0\.0\.1:1\/prod/);
    assert.ok(!result.stderr.includes('s3cret'));
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });

  test('db status creates and migrates the default SQLite database under HOME, folder 0700 and file 0600', async () => {
    const home = mkdtempSync(join(tmpdir(), 'scheduler-home-'));
    const result = await runCli(['db', 'status', '--json'], { env: { HOME: home } });
    assert.equal(result.code, 0, result.stderr);
    const document = JSON.parse(result.stdout);
    assert.deepEqual(document.pending, []);
    assert.equal(document.database, `file:${home}/.local/share/scheduler/scheduler.db`);
    const { statSync } = await import('node:fs');
    assert.equal(statSync(join(home, '.local/share/scheduler')).mode & 0o777, 0o700);
    assert.equal(statSync(join(home, '.local/share/scheduler/scheduler.db')).mode & 0o777, 0o600);
  });
});
