import { ConfigError } from '../errors.js';
import { isoDurationSeconds } from '../isoDuration.js';
import { CATCHUP_POLICIES, type CatchupPolicy } from '../pass/catchupPolicy.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'text' | 'json';

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
  logLevel: LogLevel;
  logFormat: LogFormat;
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
  /** Returns the typed value, or null when the input is not acceptable. */
  parse(value: unknown): unknown;
}

const positiveInteger = (min: number) => (value: unknown) => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= 1_000_000 ? n : null;
};

const MAX_DURATION_SECONDS = 10 * 365 * 86_400;

/** Seconds (`3600`, `0.5`) or an ISO-8601 duration of days and time (`PT1H`, `P100D`, `P1DT12H`). */
export function parseDuration(value: unknown): number | null {
  if (typeof value === 'number')
    return Number.isFinite(value) && value >= 0 && value <= MAX_DURATION_SECONDS ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return parseDuration(Number(text));
  const seconds = isoDurationSeconds(text);
  return Number.isNaN(seconds) ? null : parseDuration(seconds);
}

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
    accepted: 'a number of seconds > 0 (or ISO-8601 such as PT1M)',
    parse: (v) => {
      const s = parseDuration(v);
      return s !== null && s > 0 ? s : null;
    },
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
    accepted: 'seconds or an ISO-8601 duration such as P100D',
    parse: parseDuration,
  },
  minScheduledTime: {
    env: 'SCHEDULER_MIN_SCHEDULED_TIME',
    flag: '--min-scheduled-time',
    describe: 'how far ahead runs are scheduled at least',
    defaultText: 'PT1H (3600 s)',
    accepted: 'seconds or an ISO-8601 duration such as PT1H',
    parse: parseDuration,
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
  logLevel: {
    env: 'SCHEDULER_LOG_LEVEL',
    flag: '--log-level',
    describe: 'least severe log line shown',
    defaultText: 'info',
    accepted: 'debug, info, warn or error',
    parse: oneOf(['debug', 'info', 'warn', 'error'] as const),
  },
  logFormat: {
    env: 'SCHEDULER_LOG_FORMAT',
    flag: '--log-format',
    describe: 'log line format on stderr',
    defaultText: 'text',
    accepted: 'text or json (one object a line)',
    parse: oneOf(['text', 'json'] as const),
  },
  recentLoopSeconds: {
    env: 'SCHEDULER_RECENT_LOOP_SECONDS',
    flag: '--recent-loop-seconds',
    describe: '`loop` schedules deployments created or changed by any writer this often between passes',
    defaultText: '5 (0 = off)',
    accepted: 'a number of seconds >= 0 (or ISO-8601 such as PT5S); 0 turns it off',
    parse: parseDuration,
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
    parse: parseDuration,
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
    logLevel: 'info',
    logFormat: 'text',
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
