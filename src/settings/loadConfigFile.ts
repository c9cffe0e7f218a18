import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';

export interface ConfigFile {
  path: string;
  data: Record<string, unknown>;
}

/**
 * Finds and parses the config file of SPEC section 2. A file named explicitly (flag or
 * SCHEDULER_CONFIG) must exist; the discovered locations are optional.
 */
export async function loadConfigFile(options: {
  explicitPath: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  homeDir: string;
}): Promise<ConfigFile | null> {
  const explicit = options.explicitPath ?? options.env.SCHEDULER_CONFIG;
  if (explicit !== undefined) {
    if (!existsSync(explicit)) {
      throw new ConfigError(
        `config file ${explicit} does not exist; fix --config or SCHEDULER_CONFIG`,
        'E_CONFIG_FILE',
      );
    }
    return { path: explicit, data: await parseConfigFile(explicit) };
  }
  const configHome = options.env.XDG_CONFIG_HOME || join(options.homeDir, '.config');
  const candidates = [
    ...['scheduler.config.json', 'scheduler.config.yaml', 'scheduler.config.yml'].map((name) =>
      join(options.cwd, name),
    ),
    ...['config.json', 'config.yaml'].map((name) => join(configHome, 'scheduler', name)),
  ];
  const found = candidates.find((path) => existsSync(path));
  return found ? { path: found, data: await parseConfigFile(found) } : null;
}

async function parseConfigFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw new ConfigError(
      `config file ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      'E_CONFIG_FILE',
    );
  }
  let data: unknown;
  try {
    if (path.endsWith('.json')) {
      data = JSON.parse(text);
    } else {
      // Loaded only for YAML files: most runs have no config file at all.
      const { parse } = await import('yaml');
      // 'error': an unknown tag (!!python/...) is no Node warning on stderr; the value is still validated.
      data = parse(text, { logLevel: 'error' });
    }
  } catch (error) {
    const reason = ((error as Error).message.split('\n')[0] ?? '').trim();
    throw new ConfigError(
      `config file ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${reason}`,
      'E_CONFIG_FILE',
    );
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(
      `config file ${path} must hold a mapping of settings such as {"maxRuns": 100}`,
      'E_CONFIG_FILE',
    );
  }
  return data as Record<string, unknown>;
}
