import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlDatabase } from '../../src/db/openSqlDatabase.js';
import { sql } from '../../src/db/sql.js';
import { BIN, runCli, type CliResult } from '../helpers/cli.js';
import { faketimeEnv, needsFaketime } from '../helpers/faketime.js';
import { createTestDatabase, notePostgresSkipped, testProviders, type TestDatabase } from '../helpers/testDatabase.js';

notePostgresSkipped();

const BERLIN = `deployments:
  - name: nightly
    flow_name: etl
    paused: true
    schedules:
      - cron: "0 2 * * *"
        timezone: Europe/Berlin
        slug: nightly
`;

const MINUTELY = (count: number) =>
  JSON.stringify({
    deployments: Array.from({ length: count }, (_, i) => ({
      name: `m${i}`,
      flow_name: 'tick',
      schedules: [{ cron: '* * * * *', slug: 'tick' }],
    })),
  });

interface Json {
  [key: string]: any;
}

for (const provider of testProviders()) {
  describe(`catch-up, backfill and the recent loop through the CLI on ${provider}`, () => {
    let testDb: TestDatabase;
    let env: Record<string, string>;
    const dir = mkdtempSync(join(tmpdir(), 'scheduler-catchup-'));
    /** The CLI at a fixed wall-clock start (UTC), or at the real time. */
    const cli = async (at: string | null, ...args: string[]): Promise<CliResult & { json: Json | null }> => {
      const clock: Record<string, string> = at === null ? {} : faketimeEnv(at);
      const result = await runCli(args, { env: { ...env, ...clock }, timeoutMs: 120_000 });
      return { ...result, json: result.stdout.startsWith('{') ? JSON.parse(result.stdout) : null };
    };
    const count = async (where = sql`1 = 1`) => {
      const db = await openSqlDatabase(testDb.url);
      try {
        const [row] = await db.sql.query<{ runs: number; keys: number }>(
          sql`SELECT count(*) AS runs, count(DISTINCT idempotency_key) AS keys FROM flow_run WHERE ${where}`,
        );
        return { runs: Number(row!.runs), keys: Number(row!.keys) };
      } finally {
        await db.close();
      }
    };
    before(async () => {
      testDb = await createTestDatabase(provider);
      env = { SCHEDULER_DATABASE_URL: testDb.url };
      if (provider === 'postgres') assert.equal((await runCli(['db', 'upgrade'], { env })).code, 0);
    });
    after(async () => {
      await testDb.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    test('backfill over the Berlin spring-forward week: 7 runs, a rerun inserts 0, a later pass none of them', {
      skip: needsFaketime,
    }, async () => {
      const file = join(dir, 'berlin.yaml');
      writeFileSync(file, BERLIN);
      assert.equal((await cli('2026-04-10 12:00:00', 'deployments', 'apply', '-f', file)).code, 0);
      const window = ['--from', '2026-03-26', '--to', '2026-04-01T23:59'];
      const dry = await cli('2026-04-10 12:00:00', 'backfill', 'etl/nightly', ...window, '--dry-run', '--json');
      assert.equal(dry.code, 0, dry.stderr);
      assert.deepEqual([dry.json!.inserted, dry.json!.existing, dry.json!.dryRun], [0, 0, true]);
      assert.equal((await count()).runs, 0, 'a dry run writes nothing');
      const filled = await cli('2026-04-10 12:00:00', 'backfill', 'etl/nightly', ...window, '--json');
      assert.equal(filled.code, 0, filled.stderr);
      assert.deepEqual(filled.json, {
        deployment: 'etl/nightly',
        inserted: 7,
        existing: 0,
        dryRun: false,
        runs: [
          '2026-03-26T02:00:00+01:00',
          '2026-03-27T02:00:00+01:00',
          '2026-03-28T02:00:00+01:00',
          '2026-03-29T03:00:00+02:00',
          '2026-03-30T02:00:00+02:00',
          '2026-03-31T02:00:00+02:00',
          '2026-04-01T02:00:00+02:00',
        ].map((scheduledTime) => ({ scheduleKey: 'nightly', scheduledTime, status: 'new' })),
      });
      assert.equal(dry.json!.runs.length, 7);
      const again = await cli('2026-04-10 12:00:00', 'backfill', 'etl/nightly', ...window, '--json');
      assert.deepEqual([again.json!.inserted, again.json!.existing], [0, 7]);
      assert.ok(again.json!.runs.every((r: Json) => r.status === 'exists'));
      const runs = (await cli(null, 'runs', 'ls', '--json')).json!.runs as Json[];
      assert.ok(runs.every((r) => r.tags.includes('backfill') && r.state === 'SCHEDULED'));
      assert.equal((await cli('2026-04-10 12:00:00', 'deployments', 'resume', 'etl/nightly')).code, 0);
      const pass = await cli('2026-04-10 12:00:00', 'once', '--catchup', 'all', '--json');
      assert.equal(pass.code, 0, pass.stderr);
      assert.equal((await count(sql`expected_start_time < ${new Date('2026-04-10T12:00:00Z')}`)).runs, 7);
      const all = await count();
      assert.equal(all.runs, all.keys, 'no slot twice');
    });

    test('backfill refuses bad input with exit 2 and writes nothing', { skip: needsFaketime }, async () => {
      const before = await count();
      const at = '2026-04-10 12:00:00';
      const cases: Array<[string[], RegExp]> = [
        [
          ['backfill', 'etl/nightly', '--from', '2026-04-05', '--to', '2026-04-01'],
          /--from "2026-04-05" is after --to/,
        ],
        [
          ['backfill', 'etl/nightly', '--from', '2026-04-05', '--to', '2026-04-11'],
          /--to "2026-04-11" is in the future/,
        ],
        [['backfill', 'etl/nope', '--from', '2026-04-01', '--to', '2026-04-02'], /deployment "etl\/nope" not found/],
        [
          ['backfill', 'etl/nightly', '--from', '2026-04-01', '--to', '2026-04-02', '--schedule', 'nighty'],
          /--schedule "nighty": etl\/nightly has no such schedule; its keys are nightly/,
        ],
        [['backfill', 'etl/nightly', '--from', 'last week', '--to', '2026-04-02'], /from "last week": not an ISO-8601/],
        [
          ['backfill', 'etl/nightly', '--from', '2026-01-01', '--to', '2026-04-09', '--limit', '5'],
          /more than 5 slots .*nothing was written/,
        ],
        [
          ['once', '--catchup', 'sometimes'],
          /catchup from flag --catchup: "sometimes" is not valid; expected none, latest, all/,
        ],
        [
          ['once', '--catchup-window', 'a day'],
          /catchupWindow from flag --catchup-window: "a day" is not a number of seconds/,
        ],
      ];
      for (const [args, message] of cases) {
        const result = await cli(at, ...args);
        assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
        assert.match(result.stderr, message);
        assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      }
      const bad = join(dir, 'bad-catchup.yaml');
      writeFileSync(bad, BERLIN.replace('slug: nightly', 'slug: nightly\n        catchup: sometimes'));
      const refused = await cli(at, 'deployments', 'apply', '-f', bad);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /schedules\[0\]\.catchup.*none, latest, all/);
      assert.deepEqual(await count(), before);
    });

    test('an edit at 12:00:30 of a 1-minute schedule: the 12:01:00 run exists right after apply', {
      skip: needsFaketime,
    }, async () => {
      const file = join(dir, 'edit.yaml');
      writeFileSync(file, MINUTELY(1).replace('"flow_name":"tick"', '"flow_name":"edit"'));
      assert.equal((await cli('2026-03-02 11:59:00', 'deployments', 'apply', '-f', file, '--no-schedule')).code, 0);
      // Started a second early: the CLI starts in under a second, so its pass plans from 12:00:00.
      assert.equal((await cli('2026-03-02 11:59:59', 'once')).code, 0);
      writeFileSync(file, MINUTELY(1).replace('"flow_name":"tick"', '"flow_name":"edit","tags":["edited"]'));
      const applied = await cli('2026-03-02 12:00:30', 'deployments', 'apply', '-f', file, '--json');
      assert.equal(applied.code, 0, applied.stderr);
      assert.deepEqual([applied.json!.runsDeleted, applied.json!.runsInserted], [60, 61]);
      const runs = (await cli(null, 'runs', 'ls', '--deployment', 'edit/m0', '--json', '--limit', '3')).json!.runs;
      assert.deepEqual(
        runs.map((r: Json) => r.scheduledTime),
        ['2026-03-02T12:00:00Z', '2026-03-02T12:01:00Z', '2026-03-02T12:02:00Z'],
      );
      assert.deepEqual(runs[1].tags, ['auto-scheduled', 'edited']);
      // Out of the way of the next test's catch-up counts.
      assert.equal((await cli('2026-03-02 12:00:40', 'deployments', 'pause', 'edit/m0')).code, 0);
    });

    test('four `once` at 17:00:30 after a pass at 12:00 catch up 60 slots each, no duplicates', {
      skip: needsFaketime,
    }, async () => {
      const file = join(dir, 'minutely.json');
      writeFileSync(file, MINUTELY(6));
      assert.equal((await cli('2026-03-02 11:59:00', 'deployments', 'apply', '-f', file, '--no-schedule')).code, 0);
      assert.equal((await cli('2026-03-02 12:00:00', 'once')).code, 0);
      const flags = ['--catchup', 'all', '--catchup-window', 'PT1H', '--deployment-batch-size', '2', '--json'];
      const results = await Promise.all(Array.from({ length: 4 }, () => cli('2026-03-02 17:00:30', 'once', ...flags)));
      for (const result of results) assert.equal(result.code, 0, result.stderr);
      const caughtUp = results.reduce((sum, r) => sum + r.json!.runsCaughtUp, 0);
      assert.equal(caughtUp, 6 * 60);
      const tick = sql`flow_id IN (SELECT id FROM flow WHERE name = ${'tick'})`;
      const all = await count(tick);
      assert.deepEqual(all, { runs: 6 * (61 + 60 + 61), keys: 6 * (61 + 60 + 61) });
      assert.match(
        results.map((r) => r.stderr).join(''),
        /missed 60 slot\(s\) 2026-03-02T16:01:00.000Z .. 2026-03-02T17:00:00.000Z .*catchup=all: 60 caught up, 0 skipped; 2026-03-02T13:01:00.000Z .. .* was not examined deployment=tick\/m0 schedule=tick/,
      );
    });

    test('loop schedules a deployment another process inserts within recentLoopSeconds + 1 s', async () => {
      const loop = spawn(
        process.execPath,
        [BIN, 'loop', '--loop-seconds', '3600', '--recent-loop-seconds', '1', '--max-iterations', '2'],
        {
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      const exited = new Promise<number | null>((resolve) => loop.on('close', resolve));
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`loop never finished its first pass: ${stderr}`)), 60_000);
          loop.stderr.on('data', (chunk) => {
            stderr += chunk;
            if (/scheduled \d+ runs/.test(stderr)) {
              clearTimeout(timer);
              resolve();
            }
          });
        });
        const file = join(dir, 'late.yaml');
        writeFileSync(file, 'deployments:\n  - {name: late, flow_name: recent, schedules: [{interval: 600}]}\n');
        const applied = await runCli(['deployments', 'apply', '-f', file, '--no-schedule'], { env });
        assert.equal(applied.code, 0, applied.stderr);
        // Committed by now (the process has exited); its `updated` is when it started.
        const committedMs = Date.now();
        const db = await openSqlDatabase(testDb.url);
        try {
          const deadline = Date.now() + 20_000;
          let rows: Array<{ created: Date | string }> = [];
          while (rows.length === 0 && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            rows = await db.sql.query(sql`
              SELECT r.created FROM flow_run r JOIN deployment d ON d.id = r.deployment_id
              WHERE d.name = ${'late'} LIMIT 1`);
          }
          assert.equal(rows.length, 1, `the loop never scheduled it: ${stderr}`);
          const delayMs = new Date(rows[0]!.created).getTime() - committedMs;
          assert.ok(delayMs <= 2000, `scheduled ${delayMs} ms after it was committed`);
        } finally {
          await db.close();
        }
      } finally {
        loop.kill('SIGTERM');
        await exited;
      }
    });
  });
}
