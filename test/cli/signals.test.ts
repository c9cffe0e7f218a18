import { prismaOf } from '../../src/db/prisma.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src/db/openDatabase.js';
import { BIN, runCli } from '../helpers/cli.js';
import { createTestDatabase } from '../helpers/testDatabase.js';

const DEPLOYMENTS = 200;
const PASS_FLAGS = [
  '--min-runs',
  '100',
  '--max-runs',
  '100',
  '--insert-batch-size',
  '50',
  '--deployment-batch-size',
  '20',
  '--log-level',
  'debug',
];

async function seed(url: string) {
  const dir = mkdtempSync(join(tmpdir(), 'scheduler-signal-'));
  const file = join(dir, 'deployments.json');
  // Daily runs anchored half a day from now: the planned dates cannot shift while the test runs.
  const anchor = new Date(Date.now() + 12 * 3600_000).toISOString();
  const deployments = Array.from({ length: DEPLOYMENTS }, (_, i) => ({
    name: `d${i}`,
    flow_name: 'busy',
    schedules: [{ interval: 86400, anchor_date: anchor }],
  }));
  writeFileSync(file, JSON.stringify({ deployments }));
  const applied = await runCli(['deployments', 'apply', '-f', file, '--no-schedule'], {
    env: { SCHEDULER_DATABASE_URL: url },
  });
  assert.equal(applied.code, 0, applied.stderr);
}

/**
 * Starts `command` (`loop` or `once`) with `flags`, calls `interrupt` once the first page
 * has been inserted, and resolves with its exit.
 */
function passUntilSignalled(
  command: 'loop' | 'once',
  url: string,
  flags: string[],
  interrupt: (child: ChildProcess) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, command, '--json', ...flags], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', SCHEDULER_DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (interrupted || !stderr.includes('page scheduled')) return;
      interrupted = true;
      interrupt(child);
    });
    // If the log line it waits for never comes, the loop would run forever: end it, and the test fails on its exit.
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const sigterm = (child: ChildProcess) => child.kill('SIGTERM');

async function countRows(url: string) {
  const db = await openDatabase(url);
  try {
    return { runs: await prismaOf(db).flowRun.count(), states: await prismaOf(db).flowRunState.count() };
  } finally {
    await db.close();
  }
}

/** What a stopped pass left: some runs but not all, each with its state, in whole insert batches. */
async function assertStoppedMidPass(url: string) {
  const partial = await countRows(url);
  assert.equal(partial.states, partial.runs, 'every run committed with its state');
  assert.ok(partial.runs > 0 && partial.runs < DEPLOYMENTS * 100, `stopped mid-pass (${partial.runs} runs)`);
  assert.equal(partial.runs % 50, 0, 'only whole insert batches were committed');
  return partial;
}

/** The next `once` inserts exactly the runs the stopped pass left out. */
async function assertNextOnceCompletes(url: string, committed: number) {
  const rest = await runCli(['once', '--json', ...PASS_FLAGS], { env: { SCHEDULER_DATABASE_URL: url } });
  assert.equal(rest.code, 0, rest.stderr);
  assert.equal(JSON.parse(rest.stdout).runsInserted, DEPLOYMENTS * 100 - committed);
  assert.deepEqual(await countRows(url), { runs: DEPLOYMENTS * 100, states: DEPLOYMENTS * 100 });
}

test('SIGTERM mid-pass: the batch in flight finishes, nothing is half-written, exit 0; the next pass completes', async () => {
  const testDb = await createTestDatabase('sqlite');
  try {
    await seed(testDb.url);
    const stopped = await passUntilSignalled('loop', testDb.url, PASS_FLAGS, sigterm);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stderr, /SIGTERM received: stopping after the batch in flight/);
    const partial = await assertStoppedMidPass(testDb.url);
    await assertNextOnceCompletes(testDb.url, partial.runs);
  } finally {
    await testDb.drop();
  }
});

test('once, SIGTERM mid-pass: exit 0 with the interrupted report, only whole batches committed; the next once completes', async () => {
  const testDb = await createTestDatabase('sqlite');
  try {
    await seed(testDb.url);
    const stopped = await passUntilSignalled('once', testDb.url, PASS_FLAGS, sigterm);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stderr, /SIGTERM received: stopping after the batch in flight/);
    const report = JSON.parse(stopped.stdout);
    assert.equal(report.interrupted, true);
    const partial = await assertStoppedMidPass(testDb.url);
    assert.equal(report.runsInserted, partial.runs, 'the report counts what was committed');
    await assertNextOnceCompletes(testDb.url, partial.runs);
  } finally {
    await testDb.drop();
  }
});

test('once, a second signal mid-pass: exit 130/143 at once, only whole batches committed', async () => {
  const testDb = await createTestDatabase('sqlite');
  try {
    await seed(testDb.url);
    // Stopped, the process cannot act on the first signal before the second is pending: it
    // handles both in one turn, mid-pass. Two pending SIGTERMs would merge into one, so the
    // two differ, and which one the process sees first is up to the kernel.
    const stopped = await passUntilSignalled('once', testDb.url, PASS_FLAGS, (child) => {
      child.kill('SIGSTOP');
      child.kill('SIGINT');
      child.kill('SIGTERM');
      child.kill('SIGCONT');
    });
    const [, first, second] =
      /(SIGINT|SIGTERM) received: stopping after the batch in flight[\s\S]*(SIGINT|SIGTERM) again: stopping now/.exec(
        stopped.stderr,
      ) ?? [];
    assert.ok(first && second && first !== second, stopped.stderr);
    assert.equal(stopped.code, second === 'SIGTERM' ? 143 : 130, stopped.stderr);
    assert.equal(stopped.stdout, '', 'no report: the pass did not finish');
    await assertStoppedMidPass(testDb.url);
  } finally {
    await testDb.drop();
  }
});

for (const [signal, code] of [
  ['SIGTERM', 143],
  ['SIGINT', 130],
] as const) {
  test(`a second ${signal} stops at once with ${code}`, async () => {
    const probe = fileURLToPath(new URL('../helpers/shutdownProbe.js', import.meta.url));
    const child = spawn(process.execPath, [probe], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (chunk.toString().includes('ready')) child.kill(signal);
      if (chunk.toString().includes(`${signal} received`)) child.kill(signal);
    });
    const exitCode = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(exitCode, code, stderr);
    assert.match(stderr, new RegExp(`${signal} again: stopping now`));
  });
}
