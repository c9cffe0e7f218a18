import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';

const DRIVER = pathToFileURL(join(REPO_ROOT, 'dist', 'src', 'db', 'pgDriver.js')).href;

// In a fresh process: the test runner's own process may have loaded fetch already.
function inFreshNode(script: string): Record<string, unknown> {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

test('the pg driver loads without pulling in fetch, and leaves no navigator behind', () => {
  const seen = inFreshNode(`
    const before = 'navigator' in globalThis;
    const { loadPostgresDriver } = await import(${JSON.stringify(DRIVER)});
    const pg = await loadPostgresDriver();
    console.log(JSON.stringify({
      before, after: 'navigator' in globalThis, pool: typeof pg.Pool, client: typeof pg.Client,
      fetchLoaded: process.moduleLoadList.some((name) => name.includes('undici')),
    }));`);
  assert.equal(seen.pool, 'function');
  assert.equal(seen.client, 'function');
  assert.equal(seen.fetchLoaded, false);
  assert.equal(seen.after, seen.before);
});
