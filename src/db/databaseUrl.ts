import { ConfigError } from '../errors.js';
import { redactUrl } from '../redact.js';

export type Provider = DatabaseTarget['provider'];

export type DatabaseTarget = { provider: 'sqlite'; url: string; path: string } | { provider: 'postgres'; url: string };

/**
 * Reads the provider from the URL's scheme (SPEC section 5). `file:` paths are taken
 * as written, relative to the working directory, as SQLite itself would.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('file:')) {
    const path =
      url
        .slice('file:'.length)
        .replace(/^\/\/(?=\/)/, '')
        .split('?')[0] ?? '';
    if (path === '')
      throw new ConfigError(`databaseUrl "${url}": the file path is empty; use file:/path/to/scheduler.db`);
    return { provider: 'sqlite', url, path };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { provider: 'postgres', url };
  throw new ConfigError(
    `databaseUrl "${redactUrl(url)}": unsupported scheme; use file:/path/to/scheduler.db (SQLite) or postgresql://user@host:5432/db`,
  );
}
