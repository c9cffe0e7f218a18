import type { SqlDatabase } from '../db/openSqlDatabase.js';
import { RowsInsert, sql } from '../db/sql.js';
import { uuidv7 } from '../ids.js';

/** Runs marked per statement and commit, as Prefect's MarkLateRuns service does. */
export const LATE_BATCH_SIZE = 400;

/**
 * A run still `Scheduled` lateAfter seconds after its time becomes `Late`: a state of type
 * SCHEDULED (a worker still takes it), with its state row, as Prefect does. Batches of
 * LATE_BATCH_SIZE through flow_run_late_idx, each its own transaction. The UPDATE re-checks
 * the state name, so a run is marked once even when two instances reach it together.
 * Returns the runs marked.
 */
export async function markLateRuns(
  db: SqlDatabase,
  now: Date,
  lateAfterSeconds: number,
  signal?: AbortSignal,
): Promise<number> {
  const cutoff = new Date(now.getTime() - lateAfterSeconds * 1000);
  // The literal 'Scheduled' (not a bound value) lets both planners match the partial index.
  const lateIds = sql`
    SELECT id FROM flow_run
    WHERE state_name = 'Scheduled' AND next_scheduled_start_time <= ${cutoff}
    ORDER BY next_scheduled_start_time
    LIMIT ${LATE_BATCH_SIZE}`;
  // PostgreSQL planned `IN (subquery)` as a hash join over the whole partial index, every
  // future run included; an array of ids is a primary-key lookup. Rows another instance
  // holds are skipped rather than waited for.
  const target =
    db.sql.provider === 'postgres' ? sql`id = ANY(ARRAY(${lateIds} FOR UPDATE SKIP LOCKED))` : sql`id IN (${lateIds})`;
  // Most passes find none: a read on the partial index spares them a write transaction
  // (on SQLite, the file's write lock).
  const [due] = await db.sql.query(sql`
    SELECT 1 AS due FROM flow_run WHERE state_name = 'Scheduled' AND next_scheduled_start_time <= ${cutoff} LIMIT 1`);
  if (due === undefined) return 0;
  let marked = 0;
  while (!signal?.aborted) {
    const batch = await db.sql.transaction(async (tx) => {
      const rows = await tx.query<{ id: string; next_scheduled_start_time: Date | string }>(sql`
        UPDATE flow_run SET state_name = 'Late', updated = ${now}
        WHERE ${target} AND state_name = 'Scheduled' AND state_type = 'SCHEDULED'
        RETURNING id, next_scheduled_start_time`);
      if (rows.length > 0) {
        await tx.query(
          new RowsInsert(
            'flow_run_state (id, flow_run_id, type, name, timestamp, message, scheduled_time)',
            rows.map((row) => [
              uuidv7(now.getTime()),
              row.id,
              'SCHEDULED',
              'Late',
              now,
              `Flow run not started ${lateAfterSeconds} s after its scheduled time`,
              new Date(row.next_scheduled_start_time),
            ]),
          ),
        );
      }
      return rows.length;
    });
    marked += batch;
    if (batch < LATE_BATCH_SIZE) break;
  }
  return marked;
}
