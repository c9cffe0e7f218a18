/**
 * The 40 real prefect.yaml files of reference/prefect-yaml (see its SOURCES.md): every one
 * that Prefect accepts must be read, and the four Prefect rejects must fail clearly.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadDeploymentsFile, type DeploymentsFile } from '../../src/deployments/file/index.js';
import { ConfigError } from '../../src/errors.js';
import { parseSchedule } from '../../src/schedule/index.js';
import { prefectYamlCorpusDir } from './paths.js';

const corpusDir = prefectYamlCorpusDir();
const validateSchedule = (definition: Record<string, unknown>): void => void parseSchedule(definition);

/** Files Prefect itself refuses, and the clear error we give instead. */
const REJECTED: Record<string, RegExp> = {
  // SOURCES.md: committed merge-conflict markers; PyYAML cannot parse it either.
  '24-Ben-Epstein__prefect-modal.yaml': /invalid YAML: unresolved git merge-conflict marker "<<<<<<<" at line \d+/,
  // `schedule:` as a bare cron string: Prefect 3's PrefectYamlModel rejects it (older
  // versions silently deployed without a schedule).
  '17-tomdncenter__automate.yaml':
    /deployment "flow-test\/test-flow-deployment", schedule: must be a mapping, got the string "\*\/2 \* \* \* \*"/,
  // Both `schedule:` and `schedules:`: `prefect deploy` raises ValueError.
  '27-Alex170817blue__github_data_platform.yaml':
    /deployment "run-pipeline-flow\/nightly-pipeline", schedule: both "schedule" and "schedules" are set/,
  // `schedule:` given a list: Prefect 3's model rejects it too.
  '34-ellendan000__a-share-data-pipeline.yaml':
    /deployment "fetch-delta-non-fq-daily-kline\/delta-non-fq-daily-kline", schedule: holds one schedule mapping, got a list/,
};

const corpusFiles = readdirSync(corpusDir).filter((name) => name.endsWith('.yaml'));

function load(name: string): Promise<DeploymentsFile> {
  return loadDeploymentsFile(path.join(corpusDir, name), validateSchedule);
}

async function deploymentOf(name: string, fullName: string) {
  const file = await load(name);
  const deployment = file.deployments.find((d) => `${d.flowName}/${d.name}` === fullName);
  assert.ok(
    deployment,
    `${fullName} in ${name}; found ${file.deployments.map((d) => `${d.flowName}/${d.name}`).join(', ')}`,
  );
  return deployment;
}

describe('prefect.yaml corpus', () => {
  test('holds the 40 files SOURCES.md lists', () => {
    assert.equal(corpusFiles.length, 40);
  });

  for (const name of corpusFiles) {
    const expectedError = REJECTED[name];
    if (expectedError) {
      test(`${name}: rejected as Prefect rejects it, with a one-line error`, async () => {
        await assert.rejects(load(name), (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, expectedError);
          assert.ok(error.message.startsWith(`${path.join(corpusDir, name)}: `), error.message);
          assert.ok(!error.message.includes('\n'), error.message);
          return true;
        });
      });
    } else {
      test(`${name}: every deployment is read`, async () => {
        const file = await load(name);
        assert.ok(file.deployments.length > 0);
        for (const deployment of file.deployments) {
          assert.ok(deployment.flowName.length > 0 && deployment.name.length > 0);
        }
        for (const warning of file.warnings) assert.ok(!warning.includes('\n'), warning);
      });
    }
  }
});

describe('prefect.yaml corpus: values read', () => {
  test('03: flow name from a dotted-module entrypoint pkg.module:func', async () => {
    const deployment = await deploymentOf(
      '03-AloisCRR__marketing-intelligence.yaml',
      'ingest-sources-flow/marketing-intelligence-daily-ingestion',
    );
    assert.equal(deployment.schedules.length, 1);
    assert.equal(deployment.schedules[0]?.definition.timezone, 'America/Panama');
  });

  test('06: a schedule given as an alias of an anchor in definitions:', async () => {
    const file = await load('06-genomehubs__goat-data.yaml');
    const [scheduled, triggered] = file.deployments;
    assert.equal(scheduled?.flowName, 'update-ncbi-datasets');
    assert.deepEqual(
      scheduled?.schedules.map((s) => s.definition),
      [{ cron: '0 0 * * 1-6' }],
    );
    assert.equal(scheduled?.workQueueName, 'default');
    assert.deepEqual(triggered?.schedules, []);
    assert.match(file.warnings.join('\n'), /deployments\[\]\.triggers/);
  });

  test('07: RRULE:-prefixed rules are kept as written', async () => {
    const deployment = await deploymentOf('07-Honglin-Jiang__ba882-sec-team.yaml', 'etl-flow/ba882-team9-deployment');
    assert.deepEqual(
      deployment.schedules.map((s) => s.definition),
      [
        { rrule: 'RRULE:FREQ=DAILY;BYHOUR=8;BYMINUTE=0', timezone: 'America/New_York' },
        { rrule: 'RRULE:FREQ=DAILY;BYHOUR=00;BYMINUTE=35', timezone: 'America/New_York' },
      ],
    );
    assert.equal(deployment.workQueueName, null);
  });

  test('09: a dotted entrypoint without ":" and a single schedule: alias', async () => {
    const deployment = await deploymentOf(
      '09-Kyytox__russia_ukraine_war_analytics_hub.yaml',
      'flow-dlk-telegram/dlk-flow-telegram',
    );
    assert.deepEqual(deployment.schedules[0]?.definition, { cron: '0 * * * *', timezone: 'Europe/Paris' });
    assert.equal(deployment.workQueueName, 'datalake_queue');
  });

  test('11 and 38: an empty or null timezone is left out (UTC)', async () => {
    const empty = await deploymentOf('11-uclh-criu__crdm-tools.yaml', 'run-omop-es/omop_es-mock');
    assert.deepEqual(empty.schedules[0]?.definition, { cron: '0 0 */1 * *', day_or: true });
    const nulled = (await load('38-Dakini__de-engineering-steam.yaml')).deployments[0];
    assert.equal(nulled?.schedules[0]?.definition.timezone, undefined);
  });

  test('13: the same deployment name under two flows is two deployments', async () => {
    const file = await load('13-ech09527__quant-factors.yaml');
    assert.deepEqual(
      file.deployments.map((d) => `${d.flowName}/${d.name}`),
      ['run-factor-validation/production', 'run-neutral-validation/production'],
    );
    assert.ok(!file.warnings.some((w) => w.includes('defined twice')));
  });

  test('18: a float interval, and the anchor date kept as written', async () => {
    const deployment = (await load('18-RJUNCC__blcs.yaml')).deployments[0];
    assert.deepEqual(deployment?.schedules[0]?.definition, {
      interval: 60,
      anchor_date: '2024-10-25T03:50:29.572537+00:00',
      timezone: 'UTC',
    });
  });

  test('19: slug and per-schedule parameters', async () => {
    const file = await load('19-prefeitura-rio__prefect_rj_iplanrio.yaml');
    const prod = file.deployments.find((d) => d.name.endsWith('--prod'));
    const schedule = prod?.schedules[0];
    assert.equal(schedule?.definition.interval, 120);
    assert.equal(schedule?.definition.anchor_date, '2021-01-01T00:00:00');
    assert.ok(schedule?.slug);
    assert.ok(Object.keys(schedule?.parameters ?? {}).length > 0);
  });

  test('22: a duplicate flow/name warns and the later one wins; schedules: [] is no schedule', async () => {
    const file = await load('22-wonkothesanest__prefect_data_getters.yaml');
    assert.equal(file.deployments.filter((d) => d.name === 'Gmail Flow').length, 1);
    assert.match(
      file.warnings.join('\n'),
      /deployment "gmail-flow\/Gmail Flow" is defined twice \(deployments\[1\] and \[7\]\); the later one wins/,
    );
    assert.equal(file.deployments.length, 13);
    assert.ok(file.deployments.some((d) => d.schedules.length === 0));
  });

  test('23: alias schedule items across four time zones', async () => {
    const file = await load('23-orkapodavid__prefect_marimo_starter.yaml');
    const zones = new Set(file.deployments.flatMap((d) => d.schedules.map((s) => s.definition.timezone)));
    for (const zone of ['Asia/Hong_Kong', 'Australia/Sydney', 'Asia/Tokyo', 'Asia/Singapore'])
      assert.ok(zones.has(zone), zone);
  });

  test('30: several schedules, some with parameter overrides; deployment-level work_queue_name', async () => {
    const deployment = await deploymentOf('30-limaofeng__quantx.yaml', 'position-sync-flow/position-sync');
    assert.equal(deployment.workQueueName, 'default');
    assert.deepEqual(
      deployment.schedules.map((s) => [s.definition.cron, s.parameters]),
      [
        ['0 8 * * 1-5', { sync_market_data: false }],
        ['30 15 * * 1-5', {}],
      ],
    );
  });

  test('31: slugs given before the cron', async () => {
    const deployment = await deploymentOf(
      '31-JoshFarwig__nana-nalu.yaml',
      'orchestrate-nwps-forecasts/nwps-orchestration',
    );
    assert.deepEqual(
      deployment.schedules.map((s) => s.slug),
      ['nwps-poll-morning', 'nwps-poll-midday', 'nwps-poll-evening'],
    );
  });

  test('16 and 35: active: false schedules (also with a trailing space)', async () => {
    const inactive = async (name: string) =>
      (await load(name)).deployments.flatMap((d) => d.schedules).filter((s) => !s.active).length;
    assert.equal(await inactive('16-styglab__teoria.yaml'), 4);
    assert.equal(await inactive('35-MTES-MCT__qualicharge.yaml'), 4);
  });

  test('12: a non-Prefect top-level key is a warning', async () => {
    const file = await load('12-kyletaylored__gadget-grove-demo.yaml');
    assert.ok(file.warnings.some((w) => /ignoring top-level "version": not Prefect settings/.test(w)));
  });
});
