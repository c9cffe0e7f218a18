import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '../helpers/testDatabase.js';
import { seedBenchDatabase } from '../bench/seedBenchDatabase.js';

const PROBE = fileURLToPath(new URL('./longRunProbe.js', import.meta.url));

test('loop: 500 passes at loopSeconds 0.01 over 200 deployments keep a flat heap, one pass at a time', async (t) => {
  const testDb = await createTestDatabase('sqlite');
  try {
    await seedBenchDatabase(testDb.url, 200);
    const output = execFileSync(process.execPath, ['--expose-gc', PROBE, testDb.url, '500'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    const { heapSamples, mostAtOnce, iterations, failedAttempts } = JSON.parse(output) as {
      heapSamples: Array<{ iteration: number; heapUsed: number }>;
      mostAtOnce: number;
      iterations: number;
      failedAttempts: number;
    };
    assert.deepEqual([iterations, failedAttempts, mostAtOnce], [500, 0, 1]);
    const afterWarmUp = heapSamples.find((s) => s.iteration === 100)!.heapUsed;
    const last = heapSamples[heapSamples.length - 1]!.heapUsed;
    t.diagnostic(
      `heap after warm-up ${(afterWarmUp / 1e6).toFixed(1)} MB, after 500 passes ${(last / 1e6).toFixed(1)} MB`,
    );
    assert.ok(last <= afterWarmUp * 1.1, `heap grew from ${afterWarmUp} to ${last}`);
  } finally {
    await testDb.drop();
  }
});
