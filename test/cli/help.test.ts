import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { COMMAND_HELP, type CommandHelp } from '../../src/cli/help.js';
import { SETTINGS } from '../../src/settings/definitions.js';
import { runCli } from '../helpers/cli.js';

/** Every command a user runs, as its argv path: `['deployments', 'apply']`, `['once']`... */
function leafCommands(command: Command, parents: string[] = []): string[][] {
  return command.commands.flatMap((sub) =>
    sub.commands.length > 0 ? leafCommands(sub, [...parents, sub.name()]) : [[...parents, sub.name()]],
  );
}

/** The words of an example the way a shell splits them (double quotes only), up to a redirection. */
function exampleArgv(example: string): string[] {
  const words = (example.match(/"[^"]*"|\S+/g) ?? []).map((word) => word.replace(/^"|"$/g, ''));
  const start = words.findIndex((word) => word === 'scheduler' || word === '<(scheduler');
  const end = words.indexOf('>');
  return words.slice(start + 1, end === -1 ? undefined : end).map((word) => word.replace(/\)$/, ''));
}

const program = buildProgram('0.0.0', async () => undefined);
const LEAVES = leafCommands(program);

describe('--help of every command', () => {
  test('each command has a help entry, and each entry a command', () => {
    const paths = new Set(LEAVES.map((names) => names.join(' ')));
    for (const path of Object.keys(COMMAND_HELP))
      assert.ok(paths.has(path), `COMMAND_HELP has ${path}: no such command`);
    assert.ok(LEAVES.length >= Object.keys(COMMAND_HELP).length);
  });

  for (const names of LEAVES) {
    test(`scheduler ${names.join(' ')} --help: what it does, its settings (flag, env, default), two examples`, async () => {
      const path =
        names.length === 1 && `schedule ${names[0]}` in COMMAND_HELP ? `schedule ${names[0]}` : names.join(' ');
      const help = (COMMAND_HELP as Record<string, CommandHelp>)[path]!;
      const result = await runCli([...names, '--help']);
      assert.equal(result.code, 0, result.stderr);
      const text = result.stdout.replace(/\s+/g, ' ');
      assert.ok(text.includes(help.summary), `summary of ${path}`);
      if (help.details) assert.ok(text.includes(help.details.replace(/\s+/g, ' ')), `details of ${path}`);
      for (const key of help.settings) {
        const def = SETTINGS[key];
        assert.match(
          result.stdout,
          new RegExp(`^  ${def.flag} +${def.env} +${def.defaultText.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'),
        );
      }
      assert.equal(help.examples.length, 2);
      for (const example of help.examples) assert.ok(result.stdout.includes(`  $ ${example}\n`), example);
    });
  }

  test('every example parses: its command and options exist', async () => {
    for (const help of Object.values(COMMAND_HELP) as CommandHelp[]) {
      for (const example of help.examples) {
        let ran = false;
        const parser = buildProgram('0.0.0', async () => {
          ran = true;
        });
        parser.exitOverride();
        for (const sub of parser.commands) sub.exitOverride();
        await parser.parseAsync(exampleArgv(example), { from: 'user' });
        assert.ok(ran, `${example} reaches a command`);
      }
    }
  });

  test('`scheduler help once` is `scheduler once --help`; `schedule once --help` says the same', async () => {
    const [help, flag, grouped] = await Promise.all([
      runCli(['help', 'once']),
      runCli(['once', '--help']),
      runCli(['schedule', 'once', '--help']),
    ]);
    assert.equal(help.code, 0);
    assert.equal(help.stdout, flag.stdout);
    assert.match(flag.stdout, /^one scheduling pass, then exit \(same as `scheduler schedule once`\)$/m);
    assert.equal(
      grouped.stdout
        .replace('scheduler schedule once', 'scheduler once')
        .replace(/^(one scheduling pass, then exit)$/m, '$1 (same as `scheduler schedule once`)'),
      flag.stdout,
    );
  });
});
