import { ConfigError } from '../errors.js';

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

/** Hides a password anywhere in a connection string: `postgresql://u:***@h/db`. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/?#@\s]*:)[^@/\s]*@/g, '$1***@').replace(/([?&]password=)[^&\s]*/gi, '$1***');
}

/** Redacts every connection string, and any password given as a `password=` pair, in free text. */
export function redactSecrets(text: string, urls: readonly string[] = []): string {
  let out = text;
  for (const url of urls) {
    const password = passwordOf(url);
    if (password) out = out.split(password).join('***');
  }
  return redactUrl(out);
}

function passwordOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.password ? decodeURIComponent(parsed.password) || null : null;
  } catch {
    return null;
  }
}
