/**
 * Reliability, part 4 (in-process half): a seeded corpus of bad and odd inputs goes through
 * the same functions the CLI uses. Each case must come out as a valid result or as a
 * SchedulerError with exit code 2 and a one-line message, within 2 s; nothing else (no
 * TypeError, no stack overflow, no hang). The CLI half is hostileCli.test.ts.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSchedule } from '../../src/schedule/index.js';
import { parseDeploymentsFile } from '../../src/deployments/file/index.js';
import { keyDeploymentSpecs } from '../../src/deployments/resolveSpecs.js';
import { resolveSettings } from '../../src/settings/resolveSettings.js';
import { loadConfigFile } from '../../src/settings/loadConfigFile.js';
import {
  ODD_NAMES,
  RAW_CONFIG_FILES,
  RAW_FILES,
  SEED,
  configInput,
  deploymentsFileText,
  sample,
  scheduleDefinition,
  show,
} from './hostileCorpus.js';
import { Failures, NOT_ONE_LINE, outcomeOf } from './outcome.js';
import { runScheduleCorpus } from './scheduleWorker.js';

const SCHEDULE_CASES = 1_200;
const FILE_CASES = 400;
const CONFIG_CASES = 400;

/** Raw files that must be refused, not merely survived. */
const MUST_REFUSE = new Set([
  'NUL bytes',
  'binary',
  'merge conflict',
  'deep JSON list',
  'deep JSON object',
  'deep JSON parameters list',
  'deep JSON in a .yaml file',
  'deep YAML flow',
  'schedule key typo',
  'schedule key with newline',
  'NUL escape in JSON',
  'NUL escape in YAML',
  'same slug twice',
  'same schedule twice',
  'schedule and schedules',
  'two documents',
  'empty',
]);

const validate = (definition: Record<string, unknown>): void => {
  parseSchedule(definition);
};

describe('hostile input, in process', { timeout: 120_000 }, () => {
  test(`${SCHEDULE_CASES} generated schedule definitions: a valid schedule or a one-line usage error, each within 2 s`, async () => {
    const definitions = sample(scheduleDefinition, SCHEDULE_CASES, 1);
    const results = await runScheduleCorpus(SCHEDULE_CASES, 1);
    assert.equal(results.length, SCHEDULE_CASES);
    const failures = new Failures();
    for (const result of results) {
      if (!result.failure) continue;
      const label = `schedule #${result.index}${result.start ? ` (start ${result.start})` : ''}`;
      failures.add(label, definitions[result.index], result.failure);
    }
    assert.equal(failures.count, 0, failures.report(SEED));
    // The corpus is meant to be mostly hostile, but not only: some of it must be accepted.
    const valid = results.filter((result) => result.valid).length;
    assert.ok(
      valid > SCHEDULE_CASES * 0.1 && valid < SCHEDULE_CASES * 0.9,
      `${valid} of ${SCHEDULE_CASES} valid; the generator lost its balance`,
    );
  });

  test(`${FILE_CASES} generated deployments files and ${RAW_FILES.length} hand-written odd ones: read whole or refused with one line`, async () => {
    const generated = sample(deploymentsFileText, FILE_CASES, 2);
    const cases = [
      ...generated,
      ...RAW_FILES.map((raw) => ({ text: raw.text, path: raw.path ?? `${raw.name}.yaml`, doc: undefined })),
    ];
    const failures = new Failures();
    let valid = 0;
    for (const [index, { text, path, doc }] of cases.entries()) {
      const result = await outcomeOf(() => {
        const file = parseDeploymentsFile(text, path, validate);
        return { file, keyed: keyDeploymentSpecs(file.deployments, path) };
      });
      const label =
        index < generated.length ? `file #${index}` : `raw file "${RAW_FILES[index - generated.length]!.name}"`;
      if (result.failure) {
        failures.add(label, text, result.failure);
        continue;
      }
      if (!result.value) continue;
      if (index >= generated.length && MUST_REFUSE.has(RAW_FILES[index - generated.length]!.name))
        failures.add(label, text, 'was accepted; it must be refused');
      valid += 1;
      const { file } = result.value;
      for (const warning of file.warnings) {
        if (NOT_ONE_LINE.test(warning))
          failures.add(label, text, `warning is not one printable line: ${show(warning)}`);
      }
      const keys = file.deployments.map((spec) => `${spec.flowName}/${spec.name}`);
      if (new Set(keys).size !== keys.length)
        failures.add(label, text, `duplicate deployments survived: ${show(keys)}`);
      const problem = roundTripProblem(doc, file.deployments);
      if (problem) failures.add(label, text, problem);
    }
    assert.equal(failures.count, 0, failures.report(SEED));
    assert.ok(
      valid > 20 && valid < cases.length - 20,
      `${valid} of ${cases.length} files valid; the generator lost its balance`,
    );
  });

  test(`${CONFIG_CASES} generated settings (file, env, flags) and ${RAW_CONFIG_FILES.length} odd config files: resolved or refused with one line`, async () => {
    const failures = new Failures();
    let valid = 0;
    for (const [index, input] of sample(configInput, CONFIG_CASES, 3).entries()) {
      const result = await outcomeOf(() =>
        resolveSettings({
          flags: input.flags,
          env: input.env,
          file: { path: '/etc/scheduler/config.json', data: input.data },
          homeDir: '/home/u',
        }),
      );
      if (result.failure) failures.add(`settings #${index}`, input, result.failure);
      else if (result.value) valid += 1;
    }
    const dir = mkdtempSync(join(tmpdir(), 'scheduler-hostile-config-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    for (const [index, raw] of RAW_CONFIG_FILES.entries()) {
      const path = join(dir, `${index}-${raw.file}`);
      writeFileSync(path, raw.text);
      const result = await outcomeOf(async () => {
        const file = await loadConfigFile({ explicitPath: path, env: {}, cwd: dir, homeDir: dir });
        return resolveSettings({ flags: {}, env: {}, file, homeDir: dir });
      });
      if (result.failure) failures.add(`config file "${raw.name}"`, raw.text, result.failure);
    }
    assert.equal(failures.count, 0, failures.report(SEED));
    assert.ok(
      valid > CONFIG_CASES * 0.1 && valid < CONFIG_CASES * 0.9,
      `${valid} of ${CONFIG_CASES} valid; the generator lost its balance`,
    );
  });
});

/**
 * Names, tags and descriptions taken from the odd-names list must come out of the reader
 * exactly as written (the later of two duplicates wins).
 */
function roundTripProblem(
  doc: unknown,
  specs: Array<{ flowName: string; name: string; tags: string[]; description: string | null }>,
): string | undefined {
  const entries = (doc as { deployments?: unknown } | undefined)?.deployments;
  if (!Array.isArray(entries)) return undefined;
  // Every odd name written must come back as a deployment of exactly that flow and name.
  for (const entry of entries as Array<Record<string, unknown> | null>) {
    if (typeof entry?.name !== 'string' || !ODD_NAMES.includes(entry.name) || typeof entry.flow_name !== 'string')
      continue;
    if (!specs.some((spec) => spec.name === entry.name && spec.flowName === entry.flow_name)) {
      return `name ${show(entry.name)} of flow ${show(entry.flow_name)} did not come back`;
    }
  }
  for (const spec of specs) {
    const source = [...entries]
      .reverse()
      .find((entry: Record<string, unknown>) => entry?.name === spec.name && entry?.flow_name === spec.flowName) as
      | Record<string, unknown>
      | undefined;
    if (!source) continue;
    if (Array.isArray(source.tags) && source.tags.every((tag) => ODD_NAMES.includes(tag as string))) {
      if (JSON.stringify(spec.tags) !== JSON.stringify(source.tags))
        return `tags ${show(source.tags)} came back as ${show(spec.tags)}`;
    }
    if (
      typeof source.description === 'string' &&
      source.description !== '' &&
      spec.description !== source.description
    ) {
      return `description ${show(source.description)} came back as ${show(spec.description)}`;
    }
  }
  return undefined;
}
