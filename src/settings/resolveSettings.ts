import { ConfigError } from '../errors.js';
import { redactUrl } from '../redact.js';
import {
  SETTINGS,
  SETTING_KEYS,
  defaultSettings,
  describeOrigin,
  invalidSetting,
  isSettingProblem,
  type RawValue,
  type SettingKey,
  type SettingSource,
  type Settings,
} from './definitions.js';

export interface ResolveInput {
  /** Setting flags as Commander parsed them (strings), keyed by setting name; undefined = not given. */
  flags: Partial<Record<SettingKey, string>>;
  env: Readonly<Record<string, string | undefined>>;
  /** The parsed config file, if one was found. */
  file: { path: string; data: Record<string, unknown> } | null;
  homeDir: string;
}

export interface ResolvedSettings {
  settings: Settings;
  sources: Record<SettingKey, SettingSource>;
  configFile: string | null;
}

/**
 * Pure: flag > environment > config file > default, with "is defined" checks so that
 * `0`, `false` and empty strings given on purpose are honoured, not skipped.
 */
export function resolveSettings(input: ResolveInput): ResolvedSettings {
  const defaults = defaultSettings(input.env, input.homeDir);
  if (input.file) assertKnownKeys(input.file.path, input.file.data);
  const settings = { ...defaults } as Record<SettingKey, unknown>;
  const sources = Object.fromEntries(SETTING_KEYS.map((key) => [key, 'default'])) as Record<SettingKey, SettingSource>;
  for (const key of SETTING_KEYS) {
    const raw = pickRaw(key, input);
    if (raw === undefined) continue;
    const parsed = SETTINGS[key].parse(raw.value);
    if (parsed === null) throw invalidSetting(key, raw, showValue(key, raw.value));
    if (isSettingProblem(parsed))
      throw new ConfigError(`${key} from ${describeOrigin(raw)}: ${parsed.problem}`, 'E_INVALID_SETTING');
    settings[key] = parsed;
    sources[key] = raw.source;
  }
  const resolved = settings as unknown as Settings;
  if (resolved.minRuns > resolved.maxRuns) {
    throw new ConfigError(
      `minRuns (${resolved.minRuns}, from ${sources.minRuns}) must not exceed maxRuns (${resolved.maxRuns}, from ${sources.maxRuns})`,
      'E_INVALID_SETTING',
    );
  }
  if (resolved.minScheduledTime > resolved.maxScheduledTime) {
    throw new ConfigError(
      `minScheduledTime (${resolved.minScheduledTime} s, from ${sources.minScheduledTime}) must not exceed maxScheduledTime (${resolved.maxScheduledTime} s, from ${sources.maxScheduledTime})`,
      'E_INVALID_SETTING',
    );
  }
  return { settings: resolved, sources, configFile: input.file?.path ?? null };
}

function pickRaw(key: SettingKey, input: ResolveInput): RawValue | undefined {
  const flag = input.flags[key];
  if (flag !== undefined) return { value: flag, source: 'flag', origin: SETTINGS[key].flag };
  const env = input.env[SETTINGS[key].env];
  if (env !== undefined) return { value: env, source: 'env', origin: SETTINGS[key].env };
  if (input.file && input.file.data[key] !== undefined)
    return { value: input.file.data[key], source: 'file', origin: input.file.path };
  return undefined;
}

function assertKnownKeys(path: string, data: Record<string, unknown>): void {
  for (const key of Object.keys(data)) {
    if (!(SETTING_KEYS as string[]).includes(key)) {
      const raw: RawValue = { value: undefined, source: 'file', origin: path };
      throw new ConfigError(
        `unknown key "${key}" in ${describeOrigin(raw)}; accepted keys: ${SETTING_KEYS.join(', ')}`,
        'E_UNKNOWN_SETTING',
      );
    }
  }
}

function showValue(key: SettingKey, value: unknown): string {
  const text = typeof value === 'string' ? value : stringifyAny(value);
  const safe = key === 'databaseUrl' ? redactUrl(text) : text;
  return JSON.stringify(safe.length > 80 ? `${safe.slice(0, 77)}...` : safe);
}

/** JSON text of a value from a config file; a list or mapping too deep to stringify is named by its type. */
function stringifyAny(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Array.isArray(value) ? 'a deeply nested list' : 'a deeply nested mapping';
  }
}
