import { ConfigError } from '../errors.js';
import type { Provider } from '../db/databaseUrl.js';
import { sql, type SqlClient } from '../db/sql.js';

/**
 * The alembic heads of the Prefect releases whose tables the tool reads and writes, per
 * dialect (Prefect's `_migrations/versions/{postgresql,sqlite}/`). The floor is 3.6.19:
 * its per-schedule selection (`created_by->>'id'`) is the one the tool reproduces, and
 * every column the tool writes exists from then on. A head outside this list may have
 * changed a table, so it is refused rather than guessed at.
 */
const SUPPORTED_REVISIONS: Record<Provider, ReadonlyArray<readonly [revision: string, release: string]>> = {
  postgres: [
    ['a1b2c3d4e5f6', '3.6.19'],
    ['09a9e091e578', '3.6.21'],
    ['7218aad17905', '3.7.0'],
    ['bad1e352c597', '3.7.5'],
    ['50737cdaee36', '3.8.0'],
    ['9e9dadc36797', '3.8.4.dev5'],
  ],
  sqlite: [
    ['a1b2c3d4e5f7', '3.6.19'],
    ['4dfa692e02a7', '3.6.21'],
    ['2095de406cbe', '3.7.0'],
    ['79e7a60e43d8', '3.7.5'],
    ['14806cb26270', '3.8.0'],
    ['f416ea180ae1', '3.8.4.dev5'],
  ],
};

/** The Prefect releases named in errors and the README. */
export const SUPPORTED_PREFECT_VERSIONS = 'Prefect 3.6.19 to 3.8.3 (and main up to 3.8.4.dev5)';

/** The release whose schema the database holds; a ConfigError (exit 2) for anything else. Reads only. */
export async function checkPrefectSchema(client: SqlClient): Promise<string> {
  let rows: { version_num: string }[];
  try {
    rows = await client.query<{ version_num: string }>(sql`SELECT version_num FROM alembic_version`);
  } catch {
    throw new ConfigError(
      `dataModel prefect: the database has no alembic_version table, so it is not a Prefect server's database; point --database-url at the database of a Prefect server (${SUPPORTED_PREFECT_VERSIONS}) or use --data-model scheduler`,
      'E_PREFECT_SCHEMA',
    );
  }
  const heads = rows.map((row) => row.version_num);
  const known = SUPPORTED_REVISIONS[client.provider];
  const release = heads.length === 1 ? known.find(([revision]) => revision === heads[0])?.[1] : undefined;
  if (release === undefined) {
    throw new ConfigError(
      `dataModel prefect: alembic_version ${heads.length === 0 ? 'is empty' : `"${heads.join(', ')}"`} is not a Prefect schema this tool knows; it supports ${SUPPORTED_PREFECT_VERSIONS}: upgrade the Prefect server (\`prefect server database upgrade\`) or this tool`,
      'E_PREFECT_SCHEMA',
    );
  }
  return release;
}
