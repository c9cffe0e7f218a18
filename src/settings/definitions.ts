import { ConfigError } from '../errors.js';
import { type DurationFloor, outOfRange, readDuration } from '../durations.js';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from '../logger.js';
import { CATCHUP_POLICIES, type CatchupPolicy } from '../pass/catchupPolicies.js';

/** Whose tables the tool reads and writes: its own, or a Prefect 3 server's (README "In place of Prefect's scheduler"). */
export type DataModel = 'scheduler' | 'prefect';

/** Every setting of SPEC section 2, resolved and validated. Durations are in seconds. */
export interface Settings {
  databaseUrl: string;
  loopSeconds: number;
  deploymentBatchSize: number;
  maxRuns: number;
  minRuns: number;
  maxScheduledTime: number;
  minScheduledTime: number;
  insertBatchSize: number;
  lateAfter: number;
  markLateRuns: boolean;
  passHistory: number;
  logLevel: LogLevel;
  logFormat: LogFormat;
  dataModel: DataModel;
  /** Port of `loop`'s health and metrics server; null = no server, 0 = a free port. */
  healthPort: number | null;
  healthHost: string;
  recentLoopSeconds: number;
  catchup: CatchupPolicy;
  catchupWindow: number;
  catchupMaxRuns: number;
}

export type SettingKey = keyof Settings;
export type SettingSource = 'default' | 'file' | 'env' | 'flag';

/** A raw value and where it came from; env and flag values are always strings. */
export interface RawValue {
  value: unknown;
  source: Exclude<SettingSource, 'default'>;
  /** Where exactly: the env var's name, the flag, or the config file's path. */
  origin: string;
}

interface SettingDefinition {
  env: string;
  flag: string;
  /** Shown in --help and config show. */
  describe: string;
  defaultText: string;
  accepted: string;
  /** An on/off setting: its flag takes no value and has a `--no-` twin. */
  switch?: true;
  /**
   * Returns the typed value; null when the input is not acceptable (the error then quotes
   * `accepted`), or the problem in words when the reader knows it better.
   */
  parse(value: unknown): unknown;
}

const positiveInteger =
  (min: number, max = 1_000_000) =>
  (value: unknown) => {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : null;
  };

const MAX_DURATION_SECONDS = 10 * 365 * 86_400;

/** What a setting's parse returns when it can say what is wrong (durations do, README "Durations"). */
export interface SettingProblem {
  problem: string;
}

export function isSettingProblem(parsed: unknown): parsed is SettingProblem {
  return typeof parsed === 'object' && parsed !== null && 'problem' in parsed;
}

const duration =
  (floor: DurationFloor) =>
  (value: unknown): number | SettingProblem => {
    const reading = readDuration(value, floor);
    if ('problem' in reading) return reading;
    if (reading.seconds > MAX_DURATION_SECONDS)
      return { problem: outOfRange(value, `at most ${MAX_DURATION_SECONDS} seconds (10 years)`) };
    return reading.seconds;
  };

const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  yes: true,
  no: false,
};

const parseBoolean = (value: unknown) =>
  typeof value === 'boolean'
    ? value
    : typeof value === 'string'
      ? (BOOLEAN_WORDS[value.trim().toLowerCase()] ?? null)
      : null;

const oneOf =
  <T extends string>(choices: readonly T[]) =>
  (value: unknown) =>
    typeof value === 'string' && (choices as readonly string[]).includes(value.trim().toLowerCase())
      ? value.trim().toLowerCase()
      : null;

export const SETTINGS: Record<SettingKey, SettingDefinition> = {
  databaseUrl: {
    env: 'SCHEDULER_DATABASE_URL',
    flag: '--database-url',
    describe: 'database to schedule into',
    defaultText: 'file:$XDG_DATA_HOME/scheduler/scheduler.db (else ~/.local/share/scheduler/scheduler.db)',
    accepted: 'file:PATH or postgresql://user:password@host:5432/db',
    // No control characters: a NUL or newline in a path or host is a typo, not a database.
    parse: (v) =>
      typeof v === 'string' &&
      /^(file:.+|postgres(ql)?:\/\/.+)$/.test(v.trim()) &&
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
      !/[\u0000-\u001f\u007f]/.test(v.trim())
        ? v.trim()
        : null,
  },
  loopSeconds: {
    env: 'SCHEDULER_LOOP_SECONDS',
    flag: '--loop-seconds',
    describe: 'seconds between pass starts in `loop`',
    defaultText: '60',
    accepted: 'a duration > 0: seconds, HH:MM:SS or ISO-8601 such as PT1M',
    parse: duration('positive'),
  },
  deploymentBatchSize: {
    env: 'SCHEDULER_DEPLOYMENT_BATCH_SIZE',
    flag: '--deployment-batch-size',
    describe: 'deployments read per page',
    defaultText: '100',
    accepted: 'an integer from 1 to 1000000',
    parse: positiveInteger(1),
  },
  maxRuns: {
    env: 'SCHEDULER_MAX_RUNS',
    flag: '--max-runs',
    describe: 'most future runs a schedule holds',
    defaultText: '100',
    accepted: 'an integer from 1 to 1000000',
    parse: positiveInteger(1),
  },
  minRuns: {
    env: 'SCHEDULER_MIN_RUNS',
    flag: '--min-runs',
    describe: 'fewest future runs a schedule holds',
    defaultText: '3',
    accepted: 'an integer from 0 to 1000000',
    parse: positiveInteger(0),
  },
  maxScheduledTime: {
    env: 'SCHEDULER_MAX_SCHEDULED_TIME',
    flag: '--max-scheduled-time',
    describe: 'how far ahead runs are scheduled at most',
    defaultText: 'P100D (8640000 s)',
    accepted: 'a duration: seconds, HH:MM:SS or ISO-8601 such as P100D',
    parse: duration('zero'),
  },
  minScheduledTime: {
    env: 'SCHEDULER_MIN_SCHEDULED_TIME',
    flag: '--min-scheduled-time',
    describe: 'how far ahead runs are scheduled at least',
    defaultText: 'PT1H (3600 s)',
    accepted: 'a duration: seconds, HH:MM:SS or ISO-8601 such as PT1H',
    parse: duration('zero'),
  },
  insertBatchSize: {
    env: 'SCHEDULER_INSERT_BATCH_SIZE',
    flag: '--insert-batch-size',
    describe: 'runs inserted per statement and commit',
    defaultText: '500',
    accepted: 'an integer from 1 to 5000',
    parse: (v) => {
      const n = positiveInteger(1)(v);
      return n !== null && n <= 5000 ? n : null;
    },
  },
  lateAfter: {
    env: 'SCHEDULER_LATE_AFTER',
    flag: '--late-after',
    describe: 'a run still Scheduled this long after its time becomes Late',
    defaultText: 'PT15S (15 s)',
    accepted: 'seconds or an ISO-8601 duration such as PT15S',
    parse: duration('zero'),
  },
  markLateRuns: {
    env: 'SCHEDULER_MARK_LATE_RUNS',
    flag: '--mark-late-runs',
    describe: 'mark runs nobody started as Late in every pass (--no-mark-late-runs: off)',
    defaultText: 'true',
    accepted: 'true or false',
    switch: true,
    parse: parseBoolean,
  },
  passHistory: {
    env: 'SCHEDULER_PASS_HISTORY',
    flag: '--pass-history',
    describe: 'how long pass and change records are kept',
    defaultText: 'P7D (604800 s)',
    accepted: 'seconds or an ISO-8601 duration such as P7D',
    parse: duration('positive'),
  },
  logLevel: {
    env: 'SCHEDULER_LOG_LEVEL',
    flag: '--log-level',
    describe: 'least severe log line shown',
    defaultText: 'info',
    accepted: 'debug, info, warn or error',
    parse: oneOf(LOG_LEVELS),
  },
  logFormat: {
    env: 'SCHEDULER_LOG_FORMAT',
    flag: '--log-format',
    describe: 'log line format on stderr',
    defaultText: 'text',
    accepted: 'text or json (one object a line)',
    parse: oneOf(LOG_FORMATS),
  },
  dataModel: {
    env: 'SCHEDULER_DATA_MODEL',
    flag: '--data-model',
    describe: "whose tables: the tool's own, or a Prefect 3 server's database",
    defaultText: 'scheduler',
    accepted: "scheduler (the tool's own tables) or prefect (a Prefect 3 server's database, never migrated)",
    parse: oneOf(['scheduler', 'prefect'] as const),
  },
  healthPort: {
    env: 'SCHEDULER_HEALTH_PORT',
    flag: '--health-port',
    describe: '`loop` serves /healthz, /readyz and /metrics on this port',
    defaultText: 'off (0 = a free port)',
    accepted: 'a port from 0 to 65535 (0 = a free port)',
    parse: positiveInteger(0, 65_535),
  },
  healthHost: {
    env: 'SCHEDULER_HEALTH_HOST',
    flag: '--health-host',
    describe: 'address the health server binds',
    defaultText: '127.0.0.1',
    accepted: 'a host name or IP address, such as 0.0.0.0 to listen on every interface',
    parse: (v) => (typeof v === 'string' && /^[A-Za-z0-9.:_-]+$/.test(v.trim()) ? v.trim() : null),
  },
  recentLoopSeconds: {
    env: 'SCHEDULER_RECENT_LOOP_SECONDS',
    flag: '--recent-loop-seconds',
    describe: '`loop` schedules deployments created or changed by any writer this often between passes',
    defaultText: '5 (0 = off)',
    accepted: 'a number of seconds >= 0 (or ISO-8601 such as PT5S); 0 turns it off',
    parse: duration('zero'),
  },
  catchup: {
    env: 'SCHEDULER_CATCHUP',
    flag: '--catchup',
    describe: 'what a pass does with slots missed while no scheduler ran (a schedule may override it)',
    defaultText: 'none',
    accepted: `${CATCHUP_POLICIES.join(', ')} (none: only future runs; latest: the newest missed slot; all: up to catchupMaxRuns within catchupWindow)`,
    parse: oneOf(CATCHUP_POLICIES),
  },
  catchupWindow: {
    env: 'SCHEDULER_CATCHUP_WINDOW',
    flag: '--catchup-window',
    describe: 'how far back a pass looks for missed slots',
    defaultText: 'P1D (86400 s)',
    accepted: 'seconds or an ISO-8601 duration such as P1D',
    parse: duration('zero'),
  },
  catchupMaxRuns: {
    env: 'SCHEDULER_CATCHUP_MAX_RUNS',
    flag: '--catchup-max-runs',
    describe: 'most missed slots of one schedule that catchup=all turns into runs in a pass',
    defaultText: '100',
    accepted: 'an integer from 1 to 1000000',
    parse: positiveInteger(1),
  },
};

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function defaultSettings(env: Readonly<Record<string, string | undefined>>, homeDir: string): Settings {
  const dataHome = env.XDG_DATA_HOME || `${homeDir}/.local/share`;
  return {
    databaseUrl: `file:${dataHome}/scheduler/scheduler.db`,
    loopSeconds: 60,
    deploymentBatchSize: 100,
    maxRuns: 100,
    minRuns: 3,
    maxScheduledTime: 100 * 86_400,
    minScheduledTime: 3600,
    insertBatchSize: 500,
    lateAfter: 15,
    markLateRuns: true,
    passHistory: 7 * 86_400,
    logLevel: 'info',
    logFormat: 'text',
    dataModel: 'scheduler',
    healthPort: null,
    healthHost: '127.0.0.1',
    recentLoopSeconds: 5,
    catchup: 'none',
    catchupWindow: 86_400,
    catchupMaxRuns: 100,
  };
}

export function describeOrigin(raw: RawValue): string {
  switch (raw.source) {
    case 'env':
      return `environment variable ${raw.origin}`;
    case 'flag':
      return `flag ${raw.origin}`;
    case 'file':
      return `config file ${raw.origin}`;
  }
}

export function invalidSetting(key: SettingKey, raw: RawValue, shown: string): ConfigError {
  return new ConfigError(
    `${key} from ${describeOrigin(raw)}: ${shown} is not valid; expected ${SETTINGS[key].accepted}`,
    'E_INVALID_SETTING',
  );
}
