/**
 * Reliability, part 4: names, tags, descriptions, parameters and slugs with quotes, `%`,
 * `_`, `;`, backslashes, SQL fragments and unicode reach the database and come back byte
 * for byte through `deployments ls --json`, `deployments inspect --json` and
 * `runs ls --json`, on SQLite and PostgreSQL; and they select exactly their own rows
 * (`%` and `_` are not wildcards, a quote ends nothing).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, notePostgresSkipped, testProviders, type TestDatabase } from '../helpers/testDatabase.js';
import { describeResult, pool, runTimed, type TimedResult } from './cliChecks.js';

notePostgresSkipped();

interface Odd {
  flow_name: string;
  name: string;
  description?: string;
  tags?: string[];
  parameters?: Record<string, unknown>;
  work_queue_name?: string;
  schedules: Array<Record<string, unknown>>;
}

const DEPLOYMENTS: Odd[] = [
  {
    flow_name: "it's",
    name: 'say "hi"',
    description: 'Robert\'); DELETE FROM "FlowRun"; --',
    tags: ['100%', "' OR '1'='1", 'semi;colon', 'back\\slash\\n', '{{ not a template }}'],
    parameters: {
      '%': '_',
      'key\'"': ['a;b', '\\', '\'; DROP TABLE "Flow"; --'],
      nested: { 'caf\u00e9': 'cafe\u0301' },
    },
    work_queue_name: "q'1;--",
    schedules: [{ interval: 3600, slug: 'nine;\'%_"' }],
  },
  { flow_name: 'f', name: '%', tags: ['%', '_'], schedules: [{ cron: '0 9 * * *' }] },
  { flow_name: 'f', name: '_', tags: ['_%'], schedules: [{ cron: '0 10 * * *' }] },
  { flow_name: 'f', name: 'a_b%c', description: '100% of a_b', schedules: [{ interval: 7200 }] },
  // Matches "a_b%c" as a LIKE pattern: it must never be selected by that name.
  { flow_name: 'f', name: 'axbyc', schedules: [{ interval: 7200 }] },
  {
    flow_name: '"; DROP TABLE "Flow"; --',
    name: '\'; DROP TABLE "Deployment"; --',
    description: "' OR 1=1; --",
    tags: ['$1', '`tick`', '<b>&amp;</b>'],
    parameters: { sql: "SELECT * FROM \"FlowRun\" WHERE name = '' OR ''=''" },
    schedules: [{ cron: '*/30 * * * *', slug: "s'; --" }],
  },
  // The same letters composed and decomposed: two names, not one.
  {
    flow_name: 'caf\u00e9',
    name: 'caf\u00e9',
    tags: ['\u4e2d\u6587', '\u0627\u0644\u0639\u0631\u0628\u064a\u0629'],
    schedules: [{ interval: 86400 }],
  },
  {
    flow_name: 'caf\u00e9',
    name: 'cafe\u0301',
    tags: ['emoji \ud83d\ude80', '  spaced  ', 'tab\there'],
    schedules: [{ interval: 86400 }],
  },
];

const fullName = (d: Odd) => `${d.flow_name}/${d.name}`;

function json(result: TimedResult): any {
  assert.equal(result.code, 0, describeResult(result));
  return JSON.parse(result.stdout);
}

for (const provider of testProviders()) {
  describe(`odd names round-trip byte for byte on ${provider}`, { timeout: 180_000 }, () => {
    let testDb: TestDatabase;
    let env: Record<string, string>;
    let dir: string;
    let file: string;

    before(async () => {
      testDb = await createTestDatabase(provider);
      dir = mkdtempSync(join(tmpdir(), 'scheduler-roundtrip-'));
      env = { SCHEDULER_DATABASE_URL: testDb.url, HOME: dir };
      file = join(dir, 'deployments.json');
      writeFileSync(file, JSON.stringify({ deployments: DEPLOYMENTS }));
      if (provider === 'postgres') json(await runTimed(['db', 'upgrade', '--json'], { env }));
    });
    after(async () => {
      await testDb.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    test('apply, ls, inspect, once, runs ls: every string comes back as written', async () => {
      const applied = json(await runTimed(['deployments', 'apply', '-f', file, '--no-schedule', '--json'], { env }));
      assert.deepEqual([...applied.created].sort(), DEPLOYMENTS.map(fullName).sort());

      const listed = json(await runTimed(['deployments', 'ls', '--json'], { env }));
      assert.deepEqual(
        listed.deployments.map((d: { name: string }) => d.name).sort(),
        DEPLOYMENTS.map(fullName).sort(),
      );

      // inspect the ones with tags, descriptions and parameters (ls above has every name, runs ls below every tag).
      const inspected = await pool(
        [0, 1, 5, 7].map((i) => DEPLOYMENTS[i]!),
        2,
        async (d) => ({ d, doc: json(await runTimed(['deployments', 'inspect', fullName(d), '--json'], { env })) }),
      );
      for (const { d, doc } of inspected) {
        assert.equal(doc.name, fullName(d));
        assert.deepEqual(doc.tags, d.tags ?? []);
        assert.equal(doc.description, d.description ?? null);
        assert.deepEqual(doc.parameters, d.parameters ?? {});
        assert.equal(doc.workQueueName, d.work_queue_name ?? null);
        assert.deepEqual(
          doc.schedules.map((s: { slug: string | null }) => s.slug),
          d.schedules.map((s) => s.slug ?? null),
        );
      }

      const once = json(await runTimed(['once', '--json'], { env }));
      assert.deepEqual(once.errors, []);
      const { runs } = json(await runTimed(['runs', 'ls', '--json', '--limit', '100000'], { env }));
      assert.equal(runs.length, once.runsInserted);
      const byName = new Map(DEPLOYMENTS.map((d) => [fullName(d), d]));
      const seen = new Set<string>();
      for (const run of runs) {
        const d = byName.get(run.deployment);
        assert.ok(d, `run of unknown deployment ${JSON.stringify(run.deployment)}`);
        seen.add(run.deployment);
        assert.deepEqual(run.tags, ['auto-scheduled', ...(d.tags ?? [])]);
        assert.deepEqual(run.parameters, d.parameters ?? {});
        assert.equal(run.workQueueName, d.work_queue_name ?? null);
        if (d.schedules[0]!.slug) assert.equal(run.schedule, d.schedules[0]!.slug);
      }
      assert.equal(seen.size, DEPLOYMENTS.length, 'every deployment got runs');
    });

    test('odd names select exactly their own rows', async () => {
      const [likeRuns = [], quoteRuns = [], pctRuns = []] = await pool(
        ['f/a_b%c', fullName(DEPLOYMENTS[0]!), 'f/%'],
        2,
        async (name) =>
          json(await runTimed(['runs', 'ls', '--deployment', name, '--json', '--limit', '100000'], { env }))
            .runs as Array<{ deployment: string }>,
      );
      for (const [runs, name] of [
        [likeRuns, 'f/a_b%c'],
        [quoteRuns, fullName(DEPLOYMENTS[0]!)],
        [pctRuns, 'f/%'],
      ] as const) {
        assert.ok(runs.length > 0, `no runs for ${name}`);
        assert.deepEqual([...new Set(runs.map((r) => r.deployment))], [name]);
      }

      const paused = json(await runTimed(['deployments', 'pause', 'f/%', '--json'], { env }));
      assert.deepEqual(paused.deployments, ['f/%']);
      const removed = await runTimed(['deployments', 'rm', fullName(DEPLOYMENTS[5]!), '--json'], { env });
      assert.equal(removed.code, 0, describeResult(removed));

      const listed = json(await runTimed(['deployments', 'ls', '--json'], { env })).deployments as Array<{
        name: string;
        paused: boolean;
      }>;
      assert.deepEqual(
        listed.map((d) => d.name).sort(),
        DEPLOYMENTS.filter((_, i) => i !== 5)
          .map(fullName)
          .sort(),
      );
      assert.deepEqual(
        listed.filter((d) => d.paused).map((d) => d.name),
        ['f/%'],
      );

      // Applying the same file again: every odd name compares equal to what is stored.
      const again = json(await runTimed(['deployments', 'apply', '-f', file, '--json'], { env }));
      assert.deepEqual(again.created, [fullName(DEPLOYMENTS[5]!)]);
      assert.deepEqual(
        [...again.updated, ...again.unchanged].sort(),
        DEPLOYMENTS.filter((_, i) => i !== 5)
          .map(fullName)
          .sort(),
      );
    });

    test('"%" and "_" are not wildcards when a name is read as an id prefix', async () => {
      for (const result of await pool(['%', '_'], 2, (prefix) =>
        runTimed(['deployments', 'inspect', prefix, '--json'], { env }),
      )) {
        assert.equal(result.code, 2, describeResult(result));
        assert.equal(JSON.parse(result.stdout).error.code, 'E_UNKNOWN_DEPLOYMENT', describeResult(result));
      }
    });
  });
}
