/**
 * One duration grammar (README "Durations"): each value goes through every entry point of
 * the real CLI (flag, environment variable, config file, deployments-file interval,
 * `preview --interval`) and gets the same verdict everywhere: the same seconds, or the same
 * one-line problem with exit 2.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from '../helpers/cli.js';

type Verdict = { seconds: number } | { refused: string };

/** The expected seconds, or null when every entry point must refuse the value. */
const VALUES: Array<[string, number | null]> = [
  ['90', 90],
  ['0.5', 0.5],
  ['.5', 0.5],
  ['1e3', null],
  ['PT1M30S', 90],
  ['00:01:30', 90],
  ['-5', null],
  ['abc', null],
  ['P1M', null],
];

const START = '2026-01-01T00:00:00Z';

/** The problem after the entry point's own prefix, which names the input. */
function refusal(result: CliResult, value: string): Verdict {
  assert.equal(result.code, 2, result.stderr);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  const at = lines[0]!.indexOf(`: ${JSON.stringify(value)} `);
  assert.ok(at > 0, `the error quotes ${value}: ${lines[0]}`);
  const problem = lines[0]!.slice(at + 2);
  assert.ok(JSON.parse(result.stdout).error.message.endsWith(problem), result.stdout);
  return { refused: problem };
}

async function settingVerdict(value: string, args: string[], env: Record<string, string>, cwd: string) {
  const result = await runCli([...args, 'config', 'show', '--json'], { env: { HOME: cwd, ...env }, cwd });
  if (result.code !== 0) return refusal(result, value);
  return { seconds: JSON.parse(result.stdout).settings.loopSeconds.value as number };
}

/** Seconds between the first two previewed runs. */
async function previewVerdict(value: string, args: string[], env: Record<string, string>, cwd: string) {
  const result = await runCli(['preview', ...args, '--start', START, '--count', '2', '--json'], {
    env: { HOME: cwd, ...env },
    cwd,
  });
  if (result.code !== 0) return refusal(result, value);
  const [first, second] = (JSON.parse(result.stdout).runs as Array<{ scheduledTime: string }>).map((run) =>
    Date.parse(run.scheduledTime),
  );
  return { seconds: (second! - first!) / 1000 };
}

describe('every duration entry point reads a value the same way', () => {
  for (const [value, expected] of VALUES) {
    test(`${JSON.stringify(value)} is ${expected === null ? 'refused' : `${expected} s`} everywhere`, async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'scheduler-durations-'));
      const configFile = join(cwd, 'config.json');
      writeFileSync(configFile, JSON.stringify({ loopSeconds: value }));
      const deploymentsFile = join(cwd, 'deployments.yaml');
      writeFileSync(
        deploymentsFile,
        `deployments:\n- name: a\n  flow_name: f\n  schedules: [{interval: ${JSON.stringify(value)}}]\n`,
      );
      const database = { SCHEDULER_DATABASE_URL: `file:${join(cwd, 'scheduler.db')}` };
      const verdicts: Record<string, Verdict> = Object.fromEntries(
        await Promise.all(
          Object.entries({
            flag: settingVerdict(value, [`--loop-seconds=${value}`], {}, cwd),
            'environment variable': settingVerdict(value, [], { SCHEDULER_LOOP_SECONDS: value }, cwd),
            'config file': settingVerdict(value, ['--config', configFile], {}, cwd),
            'deployments-file interval': previewVerdict(value, ['-f', deploymentsFile], database, cwd),
            'preview --interval': previewVerdict(value, [`--interval=${value}`], {}, cwd),
          }).map(async ([entry, verdict]) => [entry, await verdict] as const),
        ),
      );
      const flag = verdicts.flag!;
      if (expected === null) assert.ok('refused' in flag, JSON.stringify(flag));
      else assert.deepEqual(flag, { seconds: expected });
      for (const [entry, verdict] of Object.entries(verdicts)) assert.deepEqual(verdict, flag, entry);
    });
  }
});
