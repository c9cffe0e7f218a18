import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

function hasShell(shell: string): boolean {
  return spawnSync(shell, ['-c', 'true']).status === 0;
}

/** `shell -n FILE`: the script parses (fish reads no script from a pipe with -n). */
function parses(shell: string, script: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'scheduler-completion-'));
  try {
    writeFileSync(join(dir, 'script'), script);
    return spawnSync(shell, ['-n', join(dir, 'script')]).status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the script's completion function in bash for the words typed so far (the last one being completed). */
function bashCompletes(script: string, words: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'scheduler-completion-'));
  try {
    writeFileSync(join(dir, 'completion.bash'), script);
    const quoted = words.map((word) => `'${word}'`).join(' ');
    const result = spawnSync(
      'bash',
      [
        '-c',
        `source completion.bash; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _scheduler; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.split('\n').filter((line) => line !== '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('completion bash prints a script bash parses, which completes commands, options and choices', async () => {
  const result = await runCli(['completion', 'bash']);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(parses('bash', result.stdout), 'bash -n');
  assert.deepEqual(bashCompletes(result.stdout, ['scheduler', 'dep']), ['deployments']);
  assert.deepEqual(bashCompletes(result.stdout, ['scheduler', '--json', 'deployments', 'a']), ['apply']);
  assert.deepEqual(bashCompletes(result.stdout, ['scheduler', 'once', '--metr']), ['--metrics-file']);
  assert.deepEqual(bashCompletes(result.stdout, ['scheduler', 'runs', 'ls', '--lim']), ['--limit']);
  assert.deepEqual(bashCompletes(result.stdout, ['scheduler', 'loop', '--health-p']), ['--health-port']);
  assert.deepEqual(bashCompletes(result.stdout, ['scheduler', 'completion', 'z']), ['zsh']);
});

for (const shell of ['zsh', 'fish'] as const) {
  test(`completion ${shell} prints a script${hasShell(shell) ? ` ${shell} parses` : ''}`, async () => {
    const result = await runCli(['completion', shell]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, shell === 'zsh' ? /^compdef _scheduler scheduler$/m : /^complete -c scheduler /m);
    assert.match(result.stdout, /deployments apply/);
    if (hasShell(shell)) assert.ok(parses(shell, result.stdout), `${shell} -n`);
  });
}

test('completion of another shell: a usage error, exit 2', async () => {
  const result = await runCli(['completion', 'tcsh']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /Allowed choices are bash, zsh, fish/);
});
