import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { BIN, runCli } from '../helpers/cli.js';
import { fixturePath } from '../helpers/paths.js';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const canRun = process.getuid?.() === 0 && existsSync(join(PG_BIN, 'initdb'));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL server of the test's own, in a temp folder on a free port: never the shared one. */
async function throwawayServer() {
  const dir = mkdtempSync(join(tmpdir(), 'scheduler-pg-'));
  chownSync(
    dir,
    Number(execFileSync('id', ['-u', 'postgres']).toString()),
    Number(execFileSync('id', ['-g', 'postgres']).toString()),
  );
  const port = await freePort();
  const asPostgres = (command: string, ...args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(PG_BIN, command), ...args], { stdio: 'ignore' });
  asPostgres('initdb', '-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres');
  const ctl = (action: 'start' | 'stop') =>
    asPostgres(
      'pg_ctl',
      '-D',
      join(dir, 'data'),
      '-w',
      '-m',
      'fast',
      '-l',
      join(dir, 'log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
      action,
    );
  ctl('start');
  const admin = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE scheduler');
  await admin.end();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/scheduler`,
    start: () => ctl('start'),
    stop: () => ctl('stop'),
    remove: () => {
      try {
        ctl('stop');
      } catch {
        /* already stopped */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function waitFor(read: () => string, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (pattern.test(read())) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${pattern}:\n${read()}`));
      }
    }, 100);
  });
}

test('loop survives a 10 s PostgreSQL outage: one line per failed attempt, backoff, resumes, exits 0 on SIGTERM', {
  skip: canRun ? false : 'needs root and PostgreSQL 15 binaries',
}, async () => {
  const server = await throwawayServer();
  try {
    const env = { SCHEDULER_DATABASE_URL: server.url };
    assert.equal((await runCli(['db', 'upgrade'], { env })).code, 0);
    assert.equal(
      (await runCli(['deployments', 'apply', '-f', fixturePath('deployments.yaml'), '--no-schedule'], { env })).code,
      0,
    );
    const loop = spawn(process.execPath, [BIN, 'loop', '--loop-seconds', '1', '--json'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    loop.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    loop.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const exited = new Promise<number | null>((resolve) => loop.on('close', resolve));
    await waitFor(() => stderr, /scheduled \d+ runs/, 20_000);
    server.stop();
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const failedDuringOutage = stderr.split('\n').filter((line) => line.includes('pass failed')).length;
    server.start();
    const before = stderr.length;
    await waitFor(() => stderr.slice(before), /scheduled \d+ runs/, 40_000);
    loop.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    const failures = stderr.split('\n').filter((line) => line.includes('pass failed'));
    assert.ok(failedDuringOutage >= 2, `retried during the outage:\n${stderr}`);
    for (const [i, line] of failures.entries())
      assert.match(line, new RegExp(`attempt=${i + 1}\\b`), 'one line per attempt, numbered');
    const waits = failures.map((line) => Number(/retrying in ([\d.]+) s/.exec(line)![1]));
    assert.deepEqual(
      waits,
      waits.map((_, i) => Math.min(60, 2 ** i)),
      'capped exponential backoff',
    );
    const report = JSON.parse(stdout) as { failedAttempts: number };
    assert.equal(report.failedAttempts, failures.length);
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query(
      'SELECT count(*)::int AS runs, count(DISTINCT idempotency_key)::int AS keys, (SELECT count(*)::int FROM flow_run_state) AS states FROM flow_run',
    );
    await client.end();
    assert.equal(rows[0].runs, rows[0].keys, 'no duplicates');
    assert.equal(rows[0].runs, rows[0].states, 'nothing half-written');
  } finally {
    server.remove();
  }
});
