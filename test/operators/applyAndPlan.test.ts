import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { createTestDatabase, notePostgresSkipped, testProviders, type TestDatabase } from '../helpers/testDatabase.js';

notePostgresSkipped();

const SAMPLE = join(REPO_ROOT, 'test', 'fixtures', 'deployments.yaml');

interface PreviewDocument {
  runs: Array<{ deployment: string; scheduleKey: string; scheduledTime: string; status: string }>;
}

for (const provider of testProviders()) {
  describe(`operators' flow on ${provider}`, () => {
    let testDb: TestDatabase;
    let env: Record<string, string>;
    const dir = mkdtempSync(join(tmpdir(), 'scheduler-ops-'));
    const file = join(dir, 'deployments.yaml');
    const cli = async (...args: string[]) => {
      const result = await runCli(args, { env });
      return { ...result, json: result.stdout.startsWith('{') ? JSON.parse(result.stdout) : null };
    };
    before(async () => {
      testDb = await createTestDatabase(provider);
      env = { SCHEDULER_DATABASE_URL: testDb.url };
      if (provider === 'postgres') assert.equal((await runCli(['db', 'upgrade'], { env })).code, 0);
      copyFileSync(SAMPLE, file);
    });
    after(() => testDb.drop());

    test('apply --dry-run, preview -f, apply, once and runs ls agree; a second apply changes nothing', async () => {
      const rehearsed = await cli('deployments', 'apply', '-f', file, '--dry-run', '--json');
      assert.equal(rehearsed.code, 0, rehearsed.stderr);
      const plan = (await cli('preview', '-f', file, '--json')).json as PreviewDocument;
      assert.ok(plan.runs.length > 0 && plan.runs.every((r) => r.status === 'new'));
      assert.equal(rehearsed.json.runsInserted, plan.runs.length, 'the dry run announces the runs preview -f shows');
      const applied = await cli('deployments', 'apply', '-f', file, '--json');
      assert.equal(applied.code, 0, applied.stderr);
      assert.equal(applied.json.created.length, 4);
      assert.equal(applied.json.runsInserted, plan.runs.length, 'apply schedules what it created at once');
      const preview = (await cli('preview', '--json')).json as PreviewDocument;
      assert.ok(preview.runs.every((r) => r.status === 'scheduled'));
      const once = await cli('once', '--json');
      assert.equal(once.code, 0, once.stderr);
      assert.equal(once.json.runsInserted, 0);
      const runs = (await cli('runs', 'ls', '--json', '--limit', '1000')).json.runs as Array<{
        deployment: string;
        scheduledTime: string;
        state: string;
      }>;
      assert.deepEqual(
        runs.map((r) => `${r.deployment} ${Date.parse(r.scheduledTime)}`).sort(),
        plan.runs.map((r) => `${r.deployment} ${Date.parse(r.scheduledTime)}`).sort(),
      );
      const again = await cli('deployments', 'apply', '-f', file, '--json');
      assert.deepEqual(
        [again.json.created.length, again.json.updated.length, again.json.unchanged.length, again.json.runsDeleted],
        [0, 0, 4, 0],
      );
      const ls = (await cli('deployments', 'ls', '--json')).json;
      assert.equal(ls.deployments.length, 4);
      assert.ok(ls.deployments.every((d: { nextRun: string | null }) => d.nextRun !== null));
    });

    test('editing a cron: preview -f plans the deletes and creates, apply does them all', async () => {
      writeFileSync(file, readFileSync(file, 'utf8').replace('cron: "0 2 * * *"', 'cron: "30 4 * * *"'));
      const plan = (await cli('preview', '-f', file, '--json')).json as PreviewDocument;
      const nightly = plan.runs.filter((r) => r.deployment === 'etl/nightly-etl' && r.scheduleKey === 'nightly');
      const deleted = nightly.filter((r) => r.status === 'delete');
      const created = nightly.filter((r) => r.status === 'new');
      assert.equal(deleted.length, 3);
      assert.ok(created.length >= 3);
      assert.ok(
        created.every((r) => /T04:30:00/.test(r.scheduledTime)),
        'new runs follow the new cron',
      );
      assert.ok(
        plan.runs.filter((r) => r.deployment !== 'etl/nightly-etl').every((r) => r.status === 'scheduled'),
        'other deployments are untouched',
      );
      const applied = await cli('deployments', 'apply', '-f', file, '--json');
      assert.deepEqual(applied.json.updated, ['etl/nightly-etl']);
      assert.equal(applied.json.runsDeleted, 3);
      assert.equal(applied.json.runsInserted, created.length);
      assert.equal((await cli('once', '--json')).json.runsInserted, 0);
      const after = (await cli('preview', '--deployment', 'etl/nightly-etl', '--json')).json as PreviewDocument;
      assert.ok(after.runs.every((r) => r.status === 'scheduled'));
    });

    test('a paused deployment gets no runs; resume brings them back', async () => {
      const paused = await cli('deployments', 'pause', 'billing/invoice-run', '--json');
      assert.equal(paused.code, 0, paused.stderr);
      assert.ok(paused.json.runsDeleted > 0, 'pausing deletes the future scheduled runs');
      assert.equal((await cli('once', '--json')).json.runsInserted, 0);
      const runs = (await cli('runs', 'ls', '--deployment', 'billing/invoice-run', '--json')).json.runs;
      assert.equal(runs.length, 0);
      const resumed = await cli('deployments', 'resume', 'billing/invoice-run', '--json');
      assert.ok(resumed.json.runsInserted > 0, 'resume schedules at once');
      assert.equal((await cli('once', '--json')).json.runsInserted, 0);
    });

    test('names: unknown and ambiguous ones exit 2; an id prefix works; rm takes the scheduled runs along', async () => {
      const unknown = await cli('deployments', 'inspect', 'nope/nothing');
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /deployment "nope\/nothing" not found/);
      const id = (
        (await cli('deployments', 'ls', '--json')).json.deployments as Array<{ id: string; name: string }>
      ).find((d) => d.name === 'reports/hourly-sync')!.id;
      const inspected = await cli('deployments', 'inspect', id.slice(0, 20), '--json');
      assert.equal(inspected.json.name, 'reports/hourly-sync');
      const ambiguous = await cli('deployments', 'inspect', id.slice(0, 1));
      assert.equal(ambiguous.code, 2);
      assert.match(ambiguous.stderr, /ambiguous/);
      const removed = await cli('deployments', 'rm', 'reports/hourly-sync', '--json');
      assert.ok(removed.json.runsDeleted >= 3);
      assert.equal(
        (await cli('runs', 'ls', '--json', '--limit', '1000')).json.runs.filter(
          (r: { deployment: string }) => r.deployment === 'reports/hourly-sync',
        ).length,
        0,
      );
    });

    test('a bad timezone in the third deployment: exit 2, named, nothing written', async () => {
      const before = (await cli('deployments', 'ls', '--json')).stdout;
      const bad = join(dir, 'bad.yaml');
      writeFileSync(
        bad,
        readFileSync(SAMPLE, 'utf8')
          .replace('timezone: Europe/Berlin', 'timezone: Europe/Berlni')
          .replace('name: hourly-sync', 'name: hourly-sync-2'),
      );
      const result = await cli('deployments', 'apply', '-f', bad);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /billing\/invoice-run.*timezone.*Europe\/Berlni/);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.equal((await cli('deployments', 'ls', '--json')).stdout, before);
    });
  });
}
