import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, spawnCli, type CliProcess } from '../helpers/cli.js';
import { fixturePath } from '../helpers/paths.js';
import { throwawayPostgres, throwawayPostgresSkip } from '../helpers/throwawayPostgres.js';
import { waitFor, waitUntil } from '../helpers/waitFor.js';

/** 200 deployments, each an hourly interval schedule: with --min-runs 100 --max-runs 100, 20,000 runs. */
function writeHourlyDeployments(path: string, count: number): void {
  const deployments = Array.from({ length: count }, (_, i) => ({
    name: `hourly-${i}`,
    flow_name: 'metrics',
    schedules: [{ interval: 3600, anchor_date: '2026-01-01T00:00:00', timezone: 'UTC' }],
  }));
  writeFileSync(path, JSON.stringify({ deployments }));
}

/** The health server's address, from the log line that names the port it picked. */
async function healthUrl(loop: CliProcess): Promise<string> {
  await waitFor(loop.stderr, /health server listening on (http:\S+)/, 20_000);
  return /health server listening on (http:\S+)/.exec(loop.stderr())![1]!;
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
}

describe('loop --health-port', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'scheduler-health-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a 20,000-run first pass shows on /metrics; /healthz and /readyz answer 200, other paths 404', async () => {
    const env = { SCHEDULER_DATABASE_URL: `file:${join(dir, 'big.db')}` };
    const file = join(dir, 'hourly.json');
    writeHourlyDeployments(file, 200);
    const applied = await runCli(['deployments', 'apply', '-f', file, '--no-schedule'], { env });
    assert.equal(applied.code, 0, applied.stderr);
    const loop = spawnCli(
      ['loop', '--health-port', '0', '--loop-seconds', '1', '--min-runs', '100', '--max-runs', '100'],
      { env },
    );
    try {
      const url = await healthUrl(loop);
      let metrics = '';
      await waitUntil(
        async () => {
          metrics = (await get(`${url}/metrics`)).body;
          return /^scheduler_passes_total\{outcome="success"\} [2-9]/m.test(metrics);
        },
        60_000,
        () => `two passes on /metrics:\n${metrics}\n${loop.stderr()}`,
      );
      assert.match(metrics, /^scheduler_runs_inserted_total\{source="pass"\} 20000$/m);
      for (const source of ['catchup', 'backfill', 'apply'])
        assert.match(metrics, new RegExp(`^scheduler_runs_inserted_total\\{source="${source}"\\} 0$`, 'm'));
      assert.match(metrics, /^scheduler_passes_total\{outcome="failure"\} 0$/m);
      assert.match(metrics, /^scheduler_pass_duration_seconds_count [2-9]/m);
      assert.match(metrics, /^scheduler_schedule_errors_total 0$/m);
      assert.match(metrics, /^scheduler_db_failed_attempts_total 0$/m);
      assert.match(metrics, /^scheduler_late_runs 0$/m);
      // 100 hourly runs ahead: the shortest runway is 99 to 100 hours.
      const runway = Number(/^scheduler_runway_seconds (\S+)$/m.exec(metrics)![1]);
      assert.ok(runway > 99 * 3600 && runway <= 100 * 3600, `runway ${runway}`);
      const lastSuccess = Number(/^scheduler_last_success_timestamp_seconds (\S+)$/m.exec(metrics)![1]);
      assert.ok(Math.abs(lastSuccess - Date.now() / 1000) < 10, `last success ${lastSuccess}`);
      assert.match(metrics, /^process_resident_memory_bytes \d+/m, "prom-client's default process metrics");
      assert.doesNotMatch(metrics, /deployment=/, 'no per-deployment labels');
      assert.deepEqual(await get(`${url}/healthz`), { status: 200, body: '{"status":"ok"}\n' });
      assert.deepEqual(await get(`${url}/readyz`), { status: 200, body: '{"status":"ready"}\n' });
      assert.equal((await get(`${url}/nope`)).status, 404);
      loop.kill('SIGTERM');
      assert.equal(await loop.exited, 0, loop.stderr());
    } finally {
      loop.kill('SIGKILL');
    }
  });

  test('a port in use: one line naming it, exit 1, before any pass', async () => {
    const env = { SCHEDULER_DATABASE_URL: `file:${join(dir, 'busy.db')}` };
    const busy: Server = await new Promise((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => resolve(server));
    });
    try {
      const { port } = busy.address() as { port: number };
      const result = await runCli(['loop', '--health-port', String(port), '--max-iterations', '1'], { env });
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stdout, '');
      assert.equal(
        result.stderr,
        `scheduler: error: --health-port ${port} on 127.0.0.1: the port is in use; pick another one, or 0 for a free port\n`,
      );
    } finally {
      busy.close();
    }
  });

  test('an address not on this machine: exit 1; a port out of range: exit 2 naming the setting', async () => {
    const env = { SCHEDULER_DATABASE_URL: `file:${join(dir, 'bad.db')}` };
    const foreign = await runCli(
      ['loop', '--health-port', '0', '--health-host', '192.0.2.1', '--max-iterations', '1'],
      {
        env,
      },
    );
    assert.equal(foreign.code, 1, foreign.stderr);
    assert.match(foreign.stderr, /^scheduler: error: --health-port 0 on 192\.0\.2\.1: no such address on this machine/);
    const range = await runCli(['loop', '--max-iterations', '1'], { env: { ...env, SCHEDULER_HEALTH_PORT: '70000' } });
    assert.equal(range.code, 2, range.stderr);
    assert.match(range.stderr, /healthPort from environment variable SCHEDULER_HEALTH_PORT: "70000" is not valid/);
  });

  test('prom-client is loaded only with a health port', async () => {
    const env = { SCHEDULER_DATABASE_URL: `file:${join(dir, 'lazy.db')}`, NODE_DEBUG: 'module' };
    const without = await runCli(['loop', '--max-iterations', '1'], { env });
    assert.equal(without.code, 0, without.stderr);
    assert.doesNotMatch(without.stderr, /prom-client/);
    const withPort = await runCli(['loop', '--max-iterations', '1', '--health-port', '0'], { env });
    assert.equal(withPort.code, 0, withPort.stderr);
    assert.match(withPort.stderr, /prom-client/);
  });
});

test('/readyz answers 503 while PostgreSQL is stopped and 200 once it is back; /healthz 200 throughout', {
  skip: throwawayPostgresSkip,
}, async () => {
  const server = await throwawayPostgres();
  const env = { SCHEDULER_DATABASE_URL: server.url };
  let loop: CliProcess | undefined;
  try {
    assert.equal((await runCli(['db', 'upgrade'], { env })).code, 0);
    assert.equal(
      (await runCli(['deployments', 'apply', '-f', fixturePath('deployments.yaml'), '--no-schedule'], { env })).code,
      0,
    );
    loop = spawnCli(['loop', '--health-port', '0', '--loop-seconds', '1'], { env });
    const url = await healthUrl(loop);
    const readyz = () => get(`${url}/readyz`);
    let last = { status: 0, body: '' };
    const waitReadyz = (status: number, timeoutMs: number) =>
      waitUntil(
        async () => {
          last = await readyz();
          assert.equal((await get(`${url}/healthz`)).status, 200, '/healthz stays 200');
          return last.status === status;
        },
        timeoutMs,
        () => `/readyz ${status}, last ${last.status} ${last.body}\n${loop!.stderr()}`,
      );
    await waitReadyz(200, 20_000);
    server.stop();
    await waitReadyz(503, 10_000);
    assert.match(JSON.parse(last.body).reason, /^database unreachable: /);
    assert.equal(JSON.parse(last.body).status, 'not ready');
    await waitFor(loop.stderr, /pass failed/, 10_000);
    server.start();
    await waitReadyz(200, 40_000);
    const metrics = (await get(`${url}/metrics`)).body;
    assert.match(metrics, /^scheduler_db_failed_attempts_total [1-9]/m);
    loop.kill('SIGTERM');
    assert.equal(await loop.exited, 0, loop.stderr());
  } finally {
    loop?.kill('SIGKILL');
    server.remove();
  }
});
