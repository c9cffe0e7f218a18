import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fixturePath, REPO_ROOT } from '../helpers/paths.js';
import { runCliAt } from '../helpers/cli.js';

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });

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
    npm(['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', join(dir, packed[0].filename)], dir);
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
    assert.ok(JSON.parse(once.stdout).runsInserted > 0);
    assert.ok(existsSync(join(home, '.local', 'share', 'scheduler', 'scheduler.db')), 'the default database in HOME');
    assert.deepEqual(readdirSync(work), [], 'nothing written to the working directory');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
