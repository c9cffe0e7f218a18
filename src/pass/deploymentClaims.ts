import type { SqlClient } from '../db/sql.js';
import { sql } from '../db/sql.js';

/** Advisory-lock namespace of deployment claims ("SCHD"), apart from Prisma's migration lock. */
const CLAIM_NAMESPACE = 0x53434844;

export interface DeploymentClaims {
  /** The ids this instance now holds; ids another instance holds are left out. */
  claim(ids: string[]): Promise<string[]>;
  release(ids: string[]): Promise<void>;
}

/**
 * Several scheduler instances on one PostgreSQL database split the work rather than all
 * computing everything (as Airflow's HA scheduler does): a page's deployments are claimed
 * with session advisory locks, which die with the session if the process does, and
 * skipped by the others while held. Correctness never rests on this (the idempotency key
 * does that); it saves duplicate work. On SQLite, writers are serialised by the file lock
 * anyway, so every id is "claimed".
 */
export function createDeploymentClaims(session: SqlClient): DeploymentClaims {
  if (session.provider === 'sqlite') return { claim: async (ids) => ids, release: async () => undefined };
  return {
    async claim(ids) {
      const rows = await session.query<{ id: string }>(sql`
        SELECT id FROM unnest(${ids}::text[]) AS id WHERE pg_try_advisory_lock(${CLAIM_NAMESPACE}, hashtext(id))`);
      const claimed = new Set(rows.map((row) => row.id));
      return ids.filter((id) => claimed.has(id));
    },
    async release(ids) {
      if (ids.length === 0) return;
      await session.query(
        sql`SELECT pg_advisory_unlock(${CLAIM_NAMESPACE}, hashtext(id)) FROM unnest(${ids}::text[]) AS id`,
      );
    },
  };
}
