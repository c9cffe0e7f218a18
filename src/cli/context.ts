import { homedir } from 'node:os';
import type { Command } from 'commander';
import { systemClock, type Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { loadConfigFile } from '../settings/loadConfigFile.js';
import { resolveSettings, type ResolvedSettings } from '../settings/resolveSettings.js';
import { SETTING_KEYS, type SettingKey } from '../settings/definitions.js';
import type { Database } from '../db/openDatabase.js';
import type { SqlDatabase } from '../db/openSqlDatabase.js';
import type { DataModelAccess, PassStore } from '../pass/passStore.js';
import { Output } from './output.js';
import { ConfigError, UsageError } from '../errors.js';

/** Everything a command needs from the outside world, built once per invocation. */
export interface CliContext {
  output: Output;
  resolved: ResolvedSettings;
  logger: Logger;
  clock: Clock;
  env: Readonly<Record<string, string | undefined>>;
  /** Opens the database of the resolved settings with Prisma, runs `work`, and always closes it (the tool's own data model only). */
  withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T>;
  /** The same through the bare driver only (on either data model): for the pass, which must start fast. */
  withSqlDatabase<T>(work: (db: SqlDatabase) => Promise<T>): Promise<T>;
  /** The dataModel's database, deployments and pass store (preview, backfill); Prisma on the tool's own only. */
  withDataModel<T>(work: (model: DataModelAccess) => Promise<T>): Promise<T>;
  /**
   * Runs the dataModel setting's branch on its database, always closed after: Prefect's
   * through the bare driver, the tool's own through Prisma (withDatabase).
   */
  byDataModel<T>(branches: { prefect(db: SqlDatabase): Promise<T>; scheduler(db: Database): Promise<T> }): Promise<T>;
  /** Opens the database the pass runs on, per dataModel (loop reconnects through it). */
  connectSql(): Promise<SqlDatabase>;
  /** The pass's queries for the dataModel setting. */
  passStore(): Promise<PassStore>;
}

export interface Io {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** The system clock unless a caller (a test) runs the CLI in its own time. */
  clock?: Clock;
}

export function createOutput(options: Record<string, unknown>, io: Io): Promise<Output> {
  return Output.create({
    json: Boolean(options.json),
    quiet: Boolean(options.quiet),
    colorFlag: options.color !== false,
    env: io.env,
    stdout: io.stdout,
    stderr: io.stderr,
  });
}

export async function createContext(command: Command, io: Io, output: Output): Promise<CliContext> {
  const options = command.optsWithGlobals() as Record<string, unknown>;
  const homeDir = io.env.HOME || homedir();
  const file = await loadConfigFile({
    explicitPath: options.config as string | undefined,
    env: io.env,
    cwd: io.cwd,
    homeDir,
  });
  const flags: Partial<Record<SettingKey, string>> = {};
  for (const key of SETTING_KEYS) {
    const value = options[key];
    if (value !== undefined) flags[key] = String(value);
  }
  const resolved = resolveSettings({ flags, env: io.env, file, homeDir });
  if (io.env.SCHEDULER_SCHEDULE_ENGINE !== undefined) await selectScheduleEngine(io.env.SCHEDULER_SCHEDULE_ENGINE);
  output.addSecrets([resolved.settings.databaseUrl]);
  const clock = io.clock ?? systemClock;
  const logger = output.createLogger(resolved.settings.logLevel, resolved.settings.logFormat, () => clock.now());
  if (file) logger.debug('config file loaded', { path: file.path });
  const { databaseUrl, dataModel } = resolved.settings;
  // A Prefect server's database is opened without migrating it, and checked against the
  // Prefect releases the tool knows (README "In place of Prefect's scheduler").
  const connectSql = async (): Promise<SqlDatabase> =>
    dataModel === 'prefect'
      ? (await import('../prefect/openPrefectDatabase.js')).openPrefectDatabase(databaseUrl)
      : (await import('../db/openSqlDatabase.js')).openSqlDatabase(databaseUrl);
  // Prisma and the drivers cost ~0.5 s to load: only commands that touch the database pay it.
  const openOwnDatabase = async () => (await import('../db/openDatabase.js')).openDatabase(databaseUrl);
  const byDataModel: CliContext['byDataModel'] = async (branches) =>
    dataModel === 'prefect'
      ? using(await connectSql(), branches.prefect)
      : using(await openOwnDatabase(), branches.scheduler);
  return {
    output,
    resolved,
    logger,
    clock,
    env: io.env,
    withDatabase: async (work) => {
      // Prisma would migrate the file it opens: never on a Prefect server's database.
      if (dataModel === 'prefect') throw notOnPrefectModel(commandPath(command));
      return using(await openOwnDatabase(), work);
    },
    withSqlDatabase: async (work) => using(await connectSql(), work),
    byDataModel,
    withDataModel: (work) =>
      byDataModel({
        prefect: async (db) => work((await import('../prefect/prefectModel.js')).prefectModel(db)),
        scheduler: async (db) => work((await import('../deployments/deploymentStore.js')).schedulerModel(db)),
      }),
    connectSql,
    passStore: async () =>
      dataModel === 'prefect'
        ? (await import('../prefect/prefectPassStore.js')).prefectPassStore
        : (await import('../pass/passStore.js')).schedulerPassStore,
  };
}

/** What a command of the tool's own data model says when dataModel is prefect. */
export function notOnPrefectModel(command: string): UsageError {
  return new UsageError(
    `${command} is not available with --data-model prefect; run it with --data-model scheduler on the tool's own database`,
    'E_NOT_ON_PREFECT_MODEL',
  );
}

/** `deployments ls`: the command as typed, without the program's name. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** SCHEDULER_SCHEDULE_ENGINE=reference evaluates schedules with the plain libraries (to compare). */
async function selectScheduleEngine(name: string): Promise<void> {
  const { isScheduleEngine, setDefaultEngine, SCHEDULE_ENGINES } = await import('../schedule/index.js');
  if (!isScheduleEngine(name)) {
    throw new ConfigError(
      `SCHEDULER_SCHEDULE_ENGINE "${name}": expected ${SCHEDULE_ENGINES.join(' or ')}`,
      'E_INVALID_SETTING',
    );
  }
  setDefaultEngine(name);
}

async function using<D extends { close(): Promise<void> }, T>(db: D, work: (db: D) => Promise<T>): Promise<T> {
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
