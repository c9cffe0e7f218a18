import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The newest Debian PostgreSQL binaries on this machine, if any. */
function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0]!, 'bin') : null;
}

const PG_BIN = postgresBin();

/** Why a throwaway server cannot run here, or false when it can (as root, through the `postgres` user). */
export const throwawayPostgresSkip: string | false =
  process.getuid?.() === 0 && PG_BIN !== null ? false : 'needs root and the Debian PostgreSQL binaries';

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ThrowawayPostgres {
  /** postgresql://postgres@127.0.0.1:PORT/scheduler, an empty database. */
  url: string;
  start(): void;
  stop(): void;
  /** Stops the server if it runs and deletes its folder. */
  remove(): void;
}

/** A PostgreSQL server of the test's own, in a temp folder on a free port: never the shared one. */
export async function throwawayPostgres(): Promise<ThrowawayPostgres> {
  if (PG_BIN === null) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'scheduler-pg-'));
  chownSync(
    dir,
    Number(execFileSync('id', ['-u', 'postgres']).toString()),
    Number(execFileSync('id', ['-g', 'postgres']).toString()),
  );
  const port = await freePort();
  const asPostgres = (command: string, ...args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(PG_BIN, command), ...args], { stdio: 'ignore' });
  asPostgres('initdb', '-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres');
  const ctl = (action: 'start' | 'stop') =>
    asPostgres(
      'pg_ctl',
      '-D',
      join(dir, 'data'),
      '-w',
      '-m',
      'fast',
      '-l',
      join(dir, 'log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
      action,
    );
  ctl('start');
  const admin = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE scheduler');
  await admin.end();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/scheduler`,
    start: () => ctl('start'),
    stop: () => ctl('stop'),
    remove: () => {
      try {
        ctl('stop');
      } catch {
        /* already stopped */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
