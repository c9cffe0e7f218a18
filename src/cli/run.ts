import { CommanderError, type Command } from 'commander';
import { EXIT, SchedulerError, oneLine } from '../errors.js';
import { buildProgram } from './program.js';
import { createContext, createOutput, type Io } from './context.js';
import type { Output } from './output.js';
import type { LogLevel } from '../logger.js';
import { SETTINGS } from '../settings/definitions.js';

/**
 * Runs the CLI and returns the exit code. The single place where errors become exit
 * codes (SPEC section 6): typed errors carry theirs, Commander's usage errors become 2,
 * anything else is an internal error (1) whose stack shows only at --log-level debug.
 */
export async function runCli(argv: string[], io: Io, version: string): Promise<number> {
  let exitCode: number = EXIT.ok;
  let output: Output | undefined;
  let logLevel: LogLevel | undefined;
  const program = buildProgram(version, async (command, load, args) => {
    output = await createOutput(command.optsWithGlobals(), io);
    const ctx = await createContext(command, io, output);
    logLevel = ctx.resolved.settings.logLevel;
    const body = await load();
    exitCode = await body(ctx, ...args, command.opts());
  });
  program.exitOverride();
  program.configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    // One line, as every error: Commander puts "(Did you mean --json?)" on a second one.
    outputError: (text, write) => write(`${commanderLine(text)}\n`),
  });
  applyToAll(program, (command) => command.exitOverride().configureOutput(program.configureOutput()));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    const out = output ?? (await createOutput(guessGlobals(argv), io));
    return reportError(error, out, (logLevel ?? logLevelBeforeSettings(argv, io.env)) === 'debug');
  }
}

function reportError(error: unknown, output: Output, debug: boolean): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
    // Help shown because a command group was called without its subcommand is a usage error.
    if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (output.json) output.errorDocument('E_USAGE', commanderLine(error.message).replace(/^error: /, ''));
    return EXIT.usage;
  }
  if (error instanceof SchedulerError) {
    if (output.json) output.errorDocument(error.code, error.message);
    output.stderrLine(`scheduler: ${output.err.red('error')}: ${error.message}`);
    if (debug && error.stack) output.stderrLine(error.stack);
    return error.exitCode;
  }
  const message = oneLine((error as Error)?.message ?? String(error));
  if (output.json) output.errorDocument('E_INTERNAL', message);
  output.stderrLine(
    `scheduler: ${output.err.red('internal error')}: ${message} (this is a bug; rerun with --log-level debug for details)`,
  );
  if (debug && (error as Error)?.stack) output.stderrLine((error as Error).stack!);
  return EXIT.runtime;
}

function commanderLine(text: string): string {
  return oneLine(text.trim().replace(/\s*\n\s*/g, ' '));
}

/**
 * The log level when the settings were not resolved (Commander or the config file failed):
 * the last --log-level flag, else the environment, read as resolveSettings reads them.
 */
function logLevelBeforeSettings(argv: string[], env: Io['env']): unknown {
  const { flag, env: name, parse } = SETTINGS.logLevel;
  let given: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === flag) given = argv[i + 1];
    else if (arg.startsWith(`${flag}=`)) given = arg.slice(flag.length + 1);
  });
  const raw = given ?? env[name];
  return raw === undefined ? undefined : parse(raw);
}

/** Before Commander has parsed (or when it failed to), the output flags are read from argv. */
function guessGlobals(argv: string[]): Record<string, unknown> {
  return {
    json: argv.includes('--json'),
    quiet: argv.includes('-q') || argv.includes('--quiet'),
    color: !argv.includes('--no-color'),
  };
}

function applyToAll(command: Command, apply: (command: Command) => void): void {
  for (const sub of command.commands) {
    apply(sub);
    applyToAll(sub, apply);
  }
}
