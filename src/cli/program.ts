import { Argument, Command, Option } from 'commander';
import { SETTINGS, SETTING_KEYS } from '../settings/definitions.js';
import { EXIT } from '../errors.js';
import { LOG_LEVELS } from '../logger.js';
import type { CliContext } from './context.js';
import { wholeNumber } from './options.js';
import { applyCommandHelp } from './help.js';
import { COMPLETION_SHELLS } from './completion.js';

/** A command body: gets the context and its own arguments, returns the exit code. */
// biome-ignore lint/suspicious/noExplicitAny: each command declares its own Commander arguments
export type CommandAction = (ctx: CliContext, ...args: any[]) => Promise<number>;
export type RunAction = (command: Command, load: () => Promise<CommandAction>, args: unknown[]) => Promise<void>;

const GLOBAL_ONLY = new Set(['databaseUrl', 'logLevel', 'dataModel']);

export function buildProgram(version: string, run: RunAction): Command {
  const program = new Command('scheduler')
    .description('Turns deployment schedules (cron, interval, RRule) into scheduled flow runs in SQLite or PostgreSQL.')
    .version(version, '--version', 'print the version and exit')
    .helpOption('-h, --help', 'show help')
    .option(
      '--config <path>',
      'config file (else SCHEDULER_CONFIG, ./scheduler.config.json|yaml|yml, $XDG_CONFIG_HOME/scheduler/config.json|yaml)',
    )
    .option('--json', 'machine output: exactly one JSON document on stdout')
    .option('--no-color', 'no colour (also NO_COLOR=1 or TERM=dumb)')
    .option('-q, --quiet', 'only errors on stderr; no summaries (for cron)');
  for (const key of SETTING_KEYS) {
    const def = SETTINGS[key];
    if (def.switch) {
      program.addOption(new Option(def.flag, def.describe).hideHelp());
      program.addOption(new Option(`--no-${def.flag.slice(2)}`).hideHelp());
      continue;
    }
    const option = new Option(`${def.flag} <value>`, `${def.describe} (${def.accepted})`);
    if (key === 'logLevel') option.choices(LOG_LEVELS);
    program.addOption(GLOBAL_ONLY.has(key) ? option : option.hideHelp());
  }
  program.addHelpText('after', settingsHelp());

  const action = (load: () => Promise<CommandAction>) =>
    async function (this: Command, ...args: unknown[]) {
      await run(this, load, args.slice(0, -2));
    };

  const schedule = program.command('schedule').description('scheduling passes and previews');
  for (const parent of [schedule, program]) {
    parent
      .command('once')
      .option('--metrics-file <path>', "write the pass's metrics there, node_exporter textfile format, atomically")
      .action(action(async () => (await import('./commands/once.js')).onceCommand));
    parent
      .command('loop')
      .option('--max-iterations <n>', 'stop after N passes', wholeNumber('--max-iterations', 1))
      .action(action(async () => (await import('./commands/loop.js')).loopCommand));
    parent
      .command('preview')
      .option('--deployment <name>', 'a deployment in the database (repeatable)', collect, [])
      .option('-f, --file <path>', 'a deployments file, read as `deployments apply` reads it')
      .option('--cron <expr>', 'an inline cron schedule')
      .option('--interval <seconds>', 'an inline interval schedule')
      .option('--rrule <rrule>', 'an inline RRule schedule')
      .option('--timezone <tz>', 'IANA timezone of the inline schedule')
      .option('--anchor-date <iso>', 'anchor of the inline interval')
      .option('--day-or', 'cron: OR day-of-month and day-of-week (default)')
      .option('--no-day-or', 'cron: AND day-of-month and day-of-week')
      .option('--start <iso>', 'window start (default now)')
      .option('--end <iso>', 'window end')
      .option('--count <n>', 'number of runs (default 10)', wholeNumber('--count', 1, 100_000))
      .action(action(async () => (await import('./commands/preview.js')).previewCommand));
  }

  const deployments = program.command('deployments').description('create, list and change deployments');
  deployments
    .command('apply')
    .requiredOption('-f, --file <path>', 'deployments file (prefect.yaml shape)')
    .option('--prune', 'delete deployments that are not in the file')
    .option('--dry-run', 'print what would change; write nothing')
    .option('--no-schedule', 'leave the changed deployments to the next pass instead of scheduling them now')
    .action(action(async () => (await import('./commands/deployments.js')).applyCommand));
  deployments.command('ls').action(action(async () => (await import('./commands/deployments.js')).listCommand));
  deployments
    .command('inspect <name>')
    .action(action(async () => (await import('./commands/deployments.js')).inspectCommand));
  for (const verb of ['pause', 'resume'] as const) {
    const command = deployments.command(`${verb} [name]`).option('--all', `${verb} every deployment`);
    if (verb === 'resume') command.option('--no-schedule', 'leave the resumed deployments to the next pass');
    command.action(action(async () => (await import('./commands/deployments.js'))[`${verb}Command`]));
  }
  deployments
    .command('rm <name>')
    .action(action(async () => (await import('./commands/deployments.js')).removeCommand));

  program
    .command('backfill <name>')
    .requiredOption('--from <iso>', "first fire time to fill, inclusive (no offset: each schedule's zone)")
    .requiredOption('--to <iso>', 'last fire time to fill, inclusive; not after now')
    .option('--schedule <key>', 'only this schedule (repeatable; default every active one)', collect, [])
    .option('--dry-run', 'list the runs; write nothing')
    .option(
      '--limit <n>',
      `refuse (exit 2, nothing written) above N slots (default 1000)`,
      wholeNumber('--limit', 1, 1_000_000),
    )
    .action(action(async () => (await import('./commands/backfill.js')).backfillCommand));

  program
    .command('runs')
    .description('flow runs in the database')
    .command('ls')
    .option('--deployment <name>', 'only this deployment')
    .option('--state <type>', 'only this state type (SCHEDULED, CANCELLED, ...)')
    .option('--state-name <name>', 'only this state name, as stored (Scheduled, Late, ...)')
    .option('--after <iso>', 'scheduled at or after')
    .option('--before <iso>', 'scheduled at or before')
    .option('--limit <n>', 'at most N runs (default 50)', wholeNumber('--limit', 1, 100_000))
    .action(action(async () => (await import('./commands/runs.js')).runsListCommand));

  program
    .command('explain <name>')
    .option('--at <iso>', "the time in question; without an offset, read in each schedule's zone")
    .option('--schedule <key>', 'only this schedule (its slug or key)')
    .action(action(async () => (await import('./commands/explain.js')).explainCommand));

  program
    .command('status')
    .option('--max-age <duration>', 'a pass must have finished without failing this recently (default 3 x loopSeconds)')
    .action(action(async () => (await import('./commands/status.js')).statusCommand));

  const db = program.command('db').description('database schema migrations');
  db.command('upgrade').action(action(async () => (await import('./commands/db.js')).upgradeCommand));
  db.command('status').action(action(async () => (await import('./commands/db.js')).statusCommand));

  program
    .command('config')
    .description('settings')
    .command('show')
    .action(action(async () => (await import('./commands/config.js')).showConfigCommand));

  program
    .command('completion')
    .addArgument(new Argument('<shell>').choices(COMPLETION_SHELLS))
    .action(action(async () => (await import('./commands/completion.js')).completionCommand));

  applyCommandHelp(program);
  return program;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function settingsHelp(): string {
  const rows = SETTING_KEYS.map((key) => {
    const def = SETTINGS[key];
    return `  ${def.flag.padEnd(24)} ${def.env.padEnd(32)} default ${def.defaultText}`;
  });
  return `
Settings (flag > environment variable > config file > default; flags go before or after the command):
${rows.join('\n')}
  Durations take seconds (3600, 0.5), HH:MM:SS or ISO-8601 days and time (PT1H, P100D).

Exit codes:
  ${EXIT.ok}    success
  ${EXIT.runtime}    runtime failure (database unreachable, migration failed, internal error)
  ${EXIT.usage}    usage or configuration error
  ${EXIT.scheduleFailed}    the pass finished but at least one schedule failed
  ${EXIT.sigint}/${EXIT.sigterm} forced stop by a second SIGINT/SIGTERM
`;
}
