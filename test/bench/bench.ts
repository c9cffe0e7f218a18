// `npm run bench`: the scheduling pass against the raw-driver limit, measured side by side
// in one run (issue 6). Prints a markdown table and writes the figures as JSON.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Provider } from '../../src/db/databaseUrl.js';
import { createTestDatabase, POSTGRES_URL, testProviders, type TestDatabase } from '../helpers/testDatabase.js';
import { BIN } from '../helpers/cli.js';
import { hourlyCronInZones, seedBenchDatabase } from './seedBenchDatabase.js';
import { addPrefectDeployment, createPrefectDatabase } from '../prefect/prefectFixture.js';
import { pythonJson } from '../../src/prefect/pythonText.js';

const RSS_PROBE = fileURLToPath(new URL('./rssProbe.js', import.meta.url));
const BASELINE = fileURLToPath(new URL('./rawInsertBaseline.js', import.meta.url));
const STARTUP_REPEATS = 7;

interface Timed {
  ms: number;
  rssKb: number;
  stdout: string;
}

/** Runs a node process and returns its wall time and peak RSS. */
function timeNode(args: string[], env: Record<string, string> = {}): Timed {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', RSS_PROBE, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const rssKb = Number(/bench-max-rss-kb=(\d+)/.exec(result.stderr)?.[1] ?? NaN);
  return { ms, rssKb, stdout: result.stdout };
}

function scheduleOnce(url: string, runsPerDeployment: number, env: Record<string, string> = {}): Timed {
  const flags = [
    '--min-runs',
    String(runsPerDeployment),
    '--max-runs',
    String(runsPerDeployment),
    '--max-scheduled-time',
    'P3650D',
    '-q',
  ];
  return timeNode([BIN, 'once', ...flags], { SCHEDULER_DATABASE_URL: url, ...env });
}

/** The same first pass on Prefect's tables (--data-model prefect), the same schedules as Prefect stores them. */
async function prefectFirstPass(provider: Provider, deployments: number, runsPerDeployment: number): Promise<Timed> {
  const fx = await createPrefectDatabase(provider);
  try {
    for (let i = 0; i < deployments; i++) {
      await addPrefectDeployment(fx, {
        flow: 'bench',
        name: `d${i}`,
        tags: '["bench"]',
        parameters: '{"size": 1}',
        schedules: [{ schedule: pythonJson(hourlyCronInZones(i)), slug: `s${i}` }],
      });
    }
    return scheduleOnce(fx.url, runsPerDeployment, { SCHEDULER_DATA_MODEL: 'prefect' });
  } finally {
    await fx.drop();
  }
}

async function withSeeded<T>(provider: Provider, deployments: number, work: (db: TestDatabase) => T): Promise<T> {
  const db = await createTestDatabase(provider);
  try {
    await seedBenchDatabase(db.url, deployments);
    return work(db);
  } finally {
    await db.drop();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function benchProvider(provider: Provider) {
  log(`${provider}: first and second pass, 1,000 deployments x 100 runs`);
  const baseline = await withSeeded(provider, 1000, (db) => timeNode([BASELINE, db.url, '100']));
  const passes = await withSeeded(provider, 1000, (db) => ({
    first: scheduleOnce(db.url, 100),
    second: scheduleOnce(db.url, 100),
  }));
  log(`${provider}: first pass on Prefect's tables, 1,000 deployments x 100 runs`);
  const prefect = await prefectFirstPass(provider, 1000, 100);
  log(`${provider}: growth, 1,000 and 10,000 deployments x 10 runs; memory at 100, 10,000 and 30,000`);
  const small = await withSeeded(provider, 100, (db) => scheduleOnce(db.url, 10));
  const growth1k = await withSeeded(provider, 1000, (db) => scheduleOnce(db.url, 10));
  const growth10k = await withSeeded(provider, 10_000, (db) => scheduleOnce(db.url, 10));
  // Not a target of issue 6: whether memory stops growing once the heap and caches are warm.
  const large = await withSeeded(provider, 30_000, (db) => scheduleOnce(db.url, 10));
  return {
    provider,
    baselineMs: baseline.ms,
    firstPassMs: passes.first.ms,
    secondPassMs: passes.second.ms,
    firstPassVsBaseline: passes.first.ms / baseline.ms,
    secondVsFirst: passes.second.ms / passes.first.ms,
    prefectFirstPassMs: prefect.ms,
    prefectVsOwn: prefect.ms / passes.first.ms,
    growth1kMs: growth1k.ms,
    growth10kMs: growth10k.ms,
    growthRatio: growth10k.ms / growth1k.ms,
    rss100Kb: small.rssKb,
    rss10kKb: growth10k.rssKb,
    rssRatio: growth10k.rssKb / small.rssKb,
    rss30kKb: large.rssKb,
    rssPlateauRatio: large.rssKb / growth10k.rssKb,
  };
}

async function benchStartup() {
  log('start-up: medians of 7 runs');
  const emptyDb = await createTestDatabase('sqlite');
  try {
    await seedBenchDatabase(emptyDb.url, 0);
    const sample = (args: string[], env: Record<string, string> = {}) =>
      median(Array.from({ length: STARTUP_REPEATS }, () => timeNode(args, env).ms));
    const bareNode = sample(['-e', '']);
    const version = sample([BIN, '--version']);
    const preview = sample([BIN, 'preview', '--cron', '*/5 * * * *', '--timezone', 'America/New_York']);
    const onceEmpty = sample([BIN, 'once', '-q'], { SCHEDULER_DATABASE_URL: emptyDb.url });
    return {
      bareNodeMs: bareNode,
      versionMs: version,
      previewMs: preview,
      onceEmptyMs: onceEmpty,
      versionRatio: version / bareNode,
      previewRatio: preview / bareNode,
      onceRatio: onceEmpty / bareNode,
    };
  } finally {
    await emptyDb.drop();
  }
}

function log(message: string) {
  process.stderr.write(`bench: ${message}\n`);
}

const f1 = (n: number) => n.toFixed(2);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const verdict = (value: number, target: number) => (value <= target ? 'ok' : 'MISSED');

const providers = testProviders();
if (!POSTGRES_URL) log('PostgreSQL skipped: set SCHEDULER_TEST_POSTGRES_URL to include it');
const results = [];
for (const provider of providers) results.push(await benchProvider(provider));
const startup = await benchStartup();

const rows: string[] = ['| figure | measured | ratio | target | |', '|---|---|---|---|---|'];
for (const r of results) {
  rows.push(
    `| ${r.provider}: first pass, 1,000 x 100 runs / raw-driver baseline | ${s(r.firstPassMs)} / ${s(r.baselineMs)} | ${f1(r.firstPassVsBaseline)} | <= 1.5 | ${verdict(r.firstPassVsBaseline, 1.5)} |`,
  );
  rows.push(
    `| ${r.provider}: second pass / first pass | ${s(r.secondPassMs)} / ${s(r.firstPassMs)} | ${f1(r.secondVsFirst)} | <= 0.05 | ${verdict(r.secondVsFirst, 0.05)} |`,
  );
  rows.push(
    `| ${r.provider}: first pass on Prefect's tables / on the tool's own, 1,000 x 100 runs | ${s(r.prefectFirstPassMs)} / ${s(r.firstPassMs)} | ${f1(r.prefectVsOwn)} | <= 1.5 | ${verdict(r.prefectVsOwn, 1.5)} |`,
  );
  rows.push(
    `| ${r.provider}: 10,000 / 1,000 deployments (10 runs each) | ${s(r.growth10kMs)} / ${s(r.growth1kMs)} | ${f1(r.growthRatio)} | <= 11 | ${verdict(r.growthRatio, 11)} |`,
  );
  rows.push(
    `| ${r.provider}: peak RSS, 10,000 / 100 deployments | ${mb(r.rss10kKb)} / ${mb(r.rss100Kb)} | ${f1(r.rssRatio)} | <= 1.3 | ${verdict(r.rssRatio, 1.3)} |`,
  );
  rows.push(
    `| ${r.provider}: peak RSS, 30,000 / 10,000 deployments (no target: the plateau) | ${mb(r.rss30kKb)} / ${mb(r.rss10kKb)} | ${f1(r.rssPlateauRatio)} | | |`,
  );
}
rows.push(
  `| \`--version\` / bare node | ${startup.versionMs.toFixed(0)} ms / ${startup.bareNodeMs.toFixed(0)} ms | ${f1(startup.versionRatio)} | <= 1.5 | ${verdict(startup.versionRatio, 1.5)} |`,
);
rows.push(
  `| inline \`preview --cron\` / bare node | ${startup.previewMs.toFixed(0)} ms / ${startup.bareNodeMs.toFixed(0)} ms | ${f1(startup.previewRatio)} | <= 2.5 | ${verdict(startup.previewRatio, 2.5)} |`,
);
rows.push(
  `| \`once\` on an empty SQLite database / bare node | ${startup.onceEmptyMs.toFixed(0)} ms / ${startup.bareNodeMs.toFixed(0)} ms | ${f1(startup.onceRatio)} | <= 4 | ${verdict(startup.onceRatio, 4)} |`,
);

const outDir = join(tmpdir(), 'scheduler-bench');
mkdirSync(outDir, { recursive: true });
const outFile = join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(
  outFile,
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results, startup }, null, 2)}\n`,
);
process.stdout.write(`${rows.join('\n')}\n\nfigures: ${outFile}\n`);
