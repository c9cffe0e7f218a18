import type { Command } from 'commander';
import { SETTINGS, SETTING_KEYS, type SettingKey } from '../settings/definitions.js';

/** What `--help` says about one command beyond its options: what it does, the settings it reads, two examples. */
export interface CommandHelp {
  /** One line, shown in the command lists too. */
  summary: string;
  /** More about what it does, shown under the usage line. */
  details?: string;
  settings: readonly SettingKey[];
  examples: readonly [string, string];
}

const LOGGING: readonly SettingKey[] = ['logLevel', 'logFormat'];
const DATABASE: readonly SettingKey[] = ['databaseUrl', ...LOGGING];
const PLANNING: readonly SettingKey[] = ['maxRuns', 'minRuns', 'maxScheduledTime', 'minScheduledTime'];
const CATCHUP: readonly SettingKey[] = ['catchup', 'catchupWindow', 'catchupMaxRuns'];
/** What a pass reads besides the database and the logs. */
const PASS_WORK: readonly SettingKey[] = [
  'deploymentBatchSize',
  ...PLANNING,
  'insertBatchSize',
  ...CATCHUP,
  'lateAfter',
  'markLateRuns',
  'passHistory',
  'dataModel',
];
const PASS: readonly SettingKey[] = ['databaseUrl', ...PASS_WORK, ...LOGGING];
/** apply and resume schedule what they changed right after their commit, with the pass's settings. */
const SCHEDULES_CHANGES: readonly SettingKey[] = [
  'databaseUrl',
  ...PLANNING,
  'insertBatchSize',
  ...CATCHUP,
  ...LOGGING,
];

/** Keyed by the command's path under `scheduler` (`schedule once`, `deployments apply`...). */
export const COMMAND_HELP = {
  'schedule once': {
    summary: 'one scheduling pass, then exit',
    details:
      'Inserts the upcoming runs of every unpaused deployment with an active schedule, then prints a summary: deployments scanned, runs inserted, time taken, each schedule that failed. Exit 3 when a schedule failed. Run it from cron with -q.',
    settings: PASS,
    examples: ['scheduler once', 'scheduler once -q --metrics-file /var/lib/node_exporter/textfile/scheduler.prom'],
  },
  'schedule loop': {
    summary: 'a pass every loopSeconds until signalled',
    details:
      'Runs a pass every loopSeconds (start to start) until SIGINT/SIGTERM; a database outage is retried with capped backoff, never fatal. With --health-port it serves /healthz, /readyz and /metrics.',
    settings: ['databaseUrl', 'loopSeconds', 'recentLoopSeconds', ...PASS_WORK, ...LOGGING, 'healthPort', 'healthHost'],
    examples: [
      'scheduler loop --loop-seconds 30',
      'scheduler loop --health-port 9464 --health-host 0.0.0.0 --log-format json',
    ],
  },
  'schedule preview': {
    summary: 'upcoming runs, writes nothing',
    details:
      "Shows upcoming runs of deployments in the database (scheduled or new), of a deployments file as a plan (scheduled, new, delete), or of an inline schedule (needs no database). With --data-model prefect: the Prefect server's deployments, not a file.",
    settings: [...DATABASE.slice(0, 1), 'dataModel', ...PLANNING, ...CATCHUP, ...LOGGING],
    examples: [
      'scheduler preview --cron "0 9 * * 1-5" --timezone Europe/Berlin --count 5',
      'scheduler preview -f prefect.yaml',
    ],
  },
  'deployments apply': {
    summary: 'create/update deployments from a YAML or JSON file',
    details:
      'Reads the deployments: section of a prefect.yaml-style file in one transaction; future scheduled runs of changed schedules are deleted, and what it created or changed is scheduled right after the commit (--no-schedule: left to the next pass).',
    settings: SCHEDULES_CHANGES,
    examples: [
      'scheduler deployments apply -f prefect.yaml',
      'scheduler deployments apply -f prefect.yaml --prune --dry-run',
    ],
  },
  'deployments ls': {
    summary: 'list deployments',
    details: 'Each deployment with its schedules (described in words) and its next run.',
    settings: DATABASE,
    examples: ['scheduler deployments ls', 'scheduler deployments ls --json'],
  },
  'deployments inspect': {
    summary: 'show one deployment (FLOW/DEPLOYMENT or id prefix)',
    settings: DATABASE,
    examples: ['scheduler deployments inspect etl/nightly', 'scheduler deployments inspect 3f2a --json'],
  },
  'deployments pause': {
    summary: "pause a deployment's schedules",
    details: 'A paused deployment gets no new runs, and its future scheduled runs are deleted.',
    settings: DATABASE,
    examples: ['scheduler deployments pause etl/nightly', 'scheduler deployments pause --all'],
  },
  'deployments resume': {
    summary: "resume a deployment's schedules",
    details:
      'Its runs are scheduled right after the commit (--no-schedule: by the next pass); the time it spent paused is never caught up.',
    settings: SCHEDULES_CHANGES,
    examples: ['scheduler deployments resume etl/nightly', 'scheduler deployments resume --all'],
  },
  'deployments rm': {
    summary: 'delete a deployment and its scheduled runs',
    details: 'Its past runs stay, with no deployment.',
    settings: DATABASE,
    examples: ['scheduler deployments rm etl/nightly', 'scheduler deployments rm 3f2a'],
  },
  backfill: {
    summary: 'create the runs of a past window on purpose',
    details:
      "A run for every fire time in [--from, --to] (a time without an offset is read in each schedule zone), tagged backfill, with the pass idempotency keys: a slot that has a run is skipped. More slots than --limit: exit 2, nothing written. With --data-model prefect: runs in Prefect's format, as its scheduler writes them.",
    settings: ['databaseUrl', 'dataModel', 'insertBatchSize', 'passHistory', ...LOGGING],
    examples: [
      'scheduler backfill etl/nightly --from 2026-03-01 --to 2026-03-07T23:59 --dry-run',
      'scheduler backfill etl/nightly --from 2026-03-01T00:00Z --to 2026-03-02T00:00Z --schedule nightly --json',
    ],
  },
  explain: {
    summary: 'why a deployment ran or did not run',
    details:
      "Without --at: each schedule's state, next fire times, runway and last pass. With --at: one verdict per schedule (RUN_EXISTS, NOT_A_FIRE_TIME, DST_GAP_SHIFTED, MISSED_SCHEDULER_DOWN...) with its evidence.",
    settings: ['databaseUrl', ...PLANNING, 'catchup', ...LOGGING],
    examples: ['scheduler explain etl/nightly', 'scheduler explain etl/nightly --at 2027-03-14T02:30 --json'],
  },
  status: {
    summary: 'recent passes, instances, runways and late runs; exit 1 when a probe should alert',
    details:
      'Exit 0 when a pass finished without failing within --max-age (default 3 x loopSeconds) and every active schedule that can fire again holds a future run; else exit 1 with one line per problem.',
    settings: ['databaseUrl', 'loopSeconds', 'maxScheduledTime', ...LOGGING],
    examples: ['scheduler status', 'scheduler status --max-age PT10M -q'],
  },
  'runs ls': {
    summary: 'list flow runs, ordered by scheduled time',
    settings: DATABASE,
    examples: [
      'scheduler runs ls --deployment etl/nightly --limit 10',
      'scheduler runs ls --state SCHEDULED --after 2026-03-01 --json',
    ],
  },
  'db upgrade': {
    summary: 'apply pending migrations',
    details: 'Needed once per release on PostgreSQL (SQLite upgrades itself on first use).',
    settings: DATABASE,
    examples: ['scheduler db upgrade', 'scheduler db upgrade --database-url postgresql://scheduler@db:5432/scheduler'],
  },
  'db status': {
    summary: 'list applied and pending migrations',
    settings: DATABASE,
    examples: ['scheduler db status', 'scheduler db status --json'],
  },
  'config show': {
    summary: 'every setting, its value and its source',
    settings: SETTING_KEYS,
    examples: ['scheduler config show', 'SCHEDULER_MAX_RUNS=5 scheduler config show --json'],
  },
  completion: {
    summary: 'print a shell completion script (bash, zsh or fish)',
    details: 'Completes commands and options. Load it from your shell start-up file.',
    settings: [],
    examples: [
      'source <(scheduler completion bash)',
      'scheduler completion fish > ~/.config/fish/completions/scheduler.fish',
    ],
  },
} satisfies Record<string, CommandHelp>;

export type CommandPath = keyof typeof COMMAND_HELP;

/** The text `--help` shows after a command's options: the settings it reads and two examples. */
export function commandHelpText(path: CommandPath): string {
  const help: CommandHelp = COMMAND_HELP[path];
  const lines: string[] = [];
  if (help.settings.length > 0) {
    lines.push('', 'Settings it reads (flag, environment variable, default; also from the config file):');
    const width = Math.max(...help.settings.map((key) => SETTINGS[key].flag.length));
    for (const key of help.settings) {
      const def = SETTINGS[key];
      lines.push(`  ${def.flag.padEnd(width)}  ${def.env.padEnd(32)} ${def.defaultText}`);
    }
  }
  lines.push('', 'Examples:', ...help.examples.map((example) => `  $ ${example}`));
  return `${lines.join('\n')}\n`;
}

/** Commands of SPEC section 1 that are also at the top level: `scheduler once` is `scheduler schedule once`. */
const ALIASED_GROUP = 'schedule';

/**
 * Gives every command of the tree its summary (the command lists), its description (under
 * the usage line) and, after its options, the settings it reads and two examples. A
 * command with no entry in COMMAND_HELP is a bug the help test finds.
 */
export function applyCommandHelp(program: Command): void {
  const visit = (command: Command, parents: string[]) => {
    for (const sub of command.commands) {
      const names = [...parents, sub.name()];
      if (sub.commands.length > 0) {
        visit(sub, names);
        continue;
      }
      const isAlias = names.length === 1 && `${ALIASED_GROUP} ${names[0]}` in COMMAND_HELP;
      const path = (isAlias ? `${ALIASED_GROUP} ${names[0]}` : names.join(' ')) as CommandPath;
      const help: CommandHelp | undefined = COMMAND_HELP[path];
      if (!help) throw new Error(`no help text for \`${names.join(' ')}\` in COMMAND_HELP`);
      const summary = isAlias ? `${help.summary} (same as \`scheduler ${path}\`)` : help.summary;
      sub
        .summary(help.summary)
        .description(help.details ? `${summary}\n\n${help.details}` : summary)
        .addHelpText('after', commandHelpText(path));
    }
  };
  visit(program, []);
}
