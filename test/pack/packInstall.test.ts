import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { fixturePath, REPO_ROOT } from '../helpers/paths.js';
import { runCliAt } from '../helpers/cli.js';

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });

/**
 * Serves the better-sqlite3 binary this checkout built, where prebuild-install looks for a
 * prebuilt one (`npm_config_better_sqlite3_binary_host`): what an install with access to
 * github.com downloads. Without it, a machine that cannot reach github.com compiles SQLite
 * during the install (4 to 8 minutes here). Another version than the one built is a 404,
 * and npm compiles as it would anyway.
 */
async function servePrebuiltSqlite(dir: string): Promise<{ host: string; close(): void }> {
  const packageDir = join(REPO_ROOT, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const tarball = join(dir, 'prebuilt.tar.gz');
  execFileSync('tar', ['czf', tarball, '-C', packageDir, 'build/Release/better_sqlite3.node']);
  const wanted = `/v${version}/better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const server = createServer((request, response) => {
    if (request.url !== wanted) return response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': 'application/gzip' }).end(readFileSync(tarball));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    close: () => {
      server.close();
      // prebuild-install keeps what it downloaded in npm's cache, named after the URL: not worth keeping.
      const digest = createHash('sha512').update(`${host}${wanted}`).digest('hex').slice(0, 6);
      const cache = join(execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim(), '_prebuilds');
      for (const name of existsSync(cache) ? readdirSync(cache) : [])
        if (name.startsWith(`${digest}-`)) rmSync(join(cache, name), { force: true });
    },
  };
}

test('npm pack ships what runs; installed globally, `deployments apply -f` and `once` work with an empty HOME', {
  timeout: 900_000,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'scheduler-pack-'));
  try {
    // The build is done (tests run from dist/); --ignore-scripts keeps `prepare` from rebuilding it.
    const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], REPO_ROOT)) as [
      { filename: string; files: { path: string }[] },
    ];
    const files = packed[0].files.map((file) => file.path);
    for (const shipped of [
      'bin/scheduler.js',
      'dist/bundle/cli/main.js',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'README.md',
      'LICENSE',
      'package.json',
    ])
      assert.ok(files.includes(shipped), `ships ${shipped}`);
    for (const provider of ['sqlite', 'postgres'])
      assert.ok(
        files.some((file) => new RegExp(`^prisma/${provider}/migrations/[^/]+/migration\\.sql$`).test(file)),
        `ships the ${provider} migrations`,
      );
    assert.ok(
      files.some((file) => file.startsWith('dist/src/generated/sqlite/')),
      'ships the generated clients',
    );
    const unwanted = files.filter(
      (file) =>
        file.startsWith('src/') ||
        file.startsWith('test/') ||
        file.startsWith('dist/test/') ||
        (file.endsWith('.ts') && !file.endsWith('.d.ts')) ||
        file.endsWith('.map'),
    );
    assert.deepEqual(unwanted, [], 'no tests, TypeScript sources or source maps');

    const prefix = join(dir, 'prefix');
    const started = Date.now();
    const prebuilt = await servePrebuiltSqlite(dir);
    try {
      await promisify(execFile)(
        'npm',
        ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', join(dir, packed[0].filename)],
        { cwd: dir, timeout: 900_000, env: { ...process.env, npm_config_better_sqlite3_binary_host: prebuilt.host } },
      );
    } finally {
      prebuilt.close();
    }
    t.diagnostic(`npm install -g of the packed tarball took ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const home = join(dir, 'home');
    const work = join(dir, 'work');
    mkdirSync(home);
    mkdirSync(work);
    const bin = join(prefix, 'bin', 'scheduler');
    const env = { HOME: home, PATH: `${dirname(process.execPath)}:/usr/bin:/bin` };
    const version = await runCliAt(bin, ['--version'], { env, cwd: work });
    assert.equal(version.code, 0, version.stderr);
    const applied = await runCliAt(bin, ['deployments', 'apply', '-f', fixturePath('deployments.yaml'), '--json'], {
      env,
      cwd: work,
    });
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(JSON.parse(applied.stdout).created.length, 4);
    const once = await runCliAt(bin, ['once', '--json'], { env, cwd: work });
    assert.equal(once.code, 0, once.stderr);
    // apply schedules what it created at once; the once after it finds them topped up.
    assert.ok(JSON.parse(applied.stdout).runsInserted > 0);
    assert.equal(JSON.parse(once.stdout).runsInserted, 0);
    assert.ok(existsSync(join(home, '.local', 'share', 'scheduler', 'scheduler.db')), 'the default database in HOME');
    assert.deepEqual(readdirSync(work), [], 'nothing written to the working directory');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
