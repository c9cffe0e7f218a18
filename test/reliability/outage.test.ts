import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { runCli, spawnCli } from '../helpers/cli.js';
import { fixturePath } from '../helpers/paths.js';
import { throwawayPostgres, throwawayPostgresSkip } from '../helpers/throwawayPostgres.js';
import { waitFor } from '../helpers/waitFor.js';

test('loop survives a 10 s PostgreSQL outage: one line per failed attempt, backoff, resumes, exits 0 on SIGTERM', {
  skip: throwawayPostgresSkip,
}, async () => {
  const server = await throwawayPostgres();
  try {
    const env = { SCHEDULER_DATABASE_URL: server.url };
    assert.equal((await runCli(['db', 'upgrade'], { env })).code, 0);
    assert.equal(
      (await runCli(['deployments', 'apply', '-f', fixturePath('deployments.yaml'), '--no-schedule'], { env })).code,
      0,
    );
    const loop = spawnCli(['loop', '--loop-seconds', '1', '--json'], { env });
    await waitFor(loop.stderr, /scheduled \d+ runs/, 20_000);
    server.stop();
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const failedDuringOutage = loop
      .stderr()
      .split('\n')
      .filter((line) => line.includes('pass failed')).length;
    server.start();
    const before = loop.stderr().length;
    await waitFor(() => loop.stderr().slice(before), /scheduled \d+ runs/, 40_000);
    loop.kill('SIGTERM');
    assert.equal(await loop.exited, 0, loop.stderr());
    const stderr = loop.stderr();
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
    const report = JSON.parse(loop.stdout()) as { failedAttempts: number };
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
