import type { SqlDatabase } from '../db/openSqlDatabase.js';
import { JsonText, sql } from '../db/sql.js';
import { uuidv7 } from '../ids.js';
import type { Logger } from '../logger.js';
import { currentInstance, type SchedulerInstance } from './instance.js';
import type { PassReport } from './passReport.js';

/** What started a pass: `once`, a `loop` iteration, the scheduling `apply`/`resume` do, `backfill`. */
export type PassKind = 'once' | 'loop' | 'apply' | 'resume' | 'backfill';

/** ok: nothing failed; errors: some schedules failed; failed: the pass itself failed; interrupted: a signal stopped it. */
export type PassOutcome = 'ok' | 'errors' | 'failed' | 'interrupted';

/** Rows pruned per table and pass: an old backlog goes a slice at a time, never in one long delete. */
const PRUNE_BATCH_SIZE = 1000;

/** A pass-level failure is recorded as an error without a deployment or schedule. */
export interface RecordedError {
  deployment: string | null;
  schedule: string | null;
  message: string;
}

export interface PassRecord {
  kind: PassKind;
  started: Date;
  finished: Date;
  /** The instant the pass planned from. */
  now: Date;
  counts: Pick<PassReport, 'deploymentsScanned' | 'runsInserted' | 'runsMarkedLate'> & {
    runsCaughtUp?: number;
    slotsMissed?: number;
  };
  errors: RecordedError[];
  outcome: PassOutcome;
}

/** The outcome of a pass that returned its report. */
export function outcomeOf(report: Pick<PassReport, 'errors' | 'interrupted'>): PassOutcome {
  if (report.interrupted) return 'interrupted';
  return report.errors.length > 0 ? 'errors' : 'ok';
}

/**
 * Records one pass and prunes records older than `keepSeconds` (one bounded delete per table).
 * Never throws: a pass whose record cannot be written has still done its work, so the failure
 * is logged and the pass's result stands.
 */
export async function recordPass(
  db: SqlDatabase,
  record: PassRecord,
  options: { keepSeconds: number; logger: Logger; instance?: SchedulerInstance },
): Promise<void> {
  const instance = options.instance ?? currentInstance();
  try {
    await db.sql.transaction(async (tx) => {
      // A lost last record costs nothing but a gap in the history: PostgreSQL need not wait for
      // the WAL flush (~1 fsync per pass; README "Operating"). SQLite's WAL at synchronous=NORMAL
      // already does not.
      if (tx.provider === 'postgres') await tx.query(sql`SET LOCAL synchronous_commit TO OFF`);
      await tx.query(sql`
      INSERT INTO scheduler_pass (id, host, pid, version, kind, started, finished, now, deployments_scanned,
        runs_inserted, runs_caught_up, slots_missed, runs_marked_late, errors, outcome)
      VALUES (${uuidv7(record.started.getTime())}, ${instance.host}, ${instance.pid}, ${instance.version},
        ${record.kind}, ${record.started}, ${record.finished}, ${record.now}, ${record.counts.deploymentsScanned},
        ${record.counts.runsInserted}, ${record.counts.runsCaughtUp ?? 0}, ${record.counts.slotsMissed ?? 0},
        ${record.counts.runsMarkedLate}, ${new JsonText(JSON.stringify(record.errors))}, ${record.outcome})`);
      const cutoff = new Date(record.now.getTime() - options.keepSeconds * 1000);
      await tx.query(sql`
      DELETE FROM scheduler_pass WHERE id IN (
        SELECT id FROM scheduler_pass WHERE started < ${cutoff} ORDER BY started LIMIT ${PRUNE_BATCH_SIZE})`);
      await tx.query(sql`
      DELETE FROM deployment_change WHERE id IN (
        SELECT id FROM deployment_change WHERE at < ${cutoff} ORDER BY at LIMIT ${PRUNE_BATCH_SIZE})`);
    });
  } catch (error) {
    options.logger.warn('could not record the pass in the pass history', {
      kind: record.kind,
      error: (error as Error).message,
    });
  }
}
