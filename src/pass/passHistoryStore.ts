import type { Database } from '../db/openDatabase.js';
import { prismaOf } from '../db/prisma.js';
import type { PassKind, PassOutcome, RecordedError } from './passHistory.js';

/** A recorded pass, as `explain` and `status` read it. */
export interface RecordedPass {
  host: string;
  pid: number;
  version: string;
  kind: PassKind;
  started: Date;
  finished: Date;
  now: Date;
  deploymentsScanned: number;
  runsInserted: number;
  runsMarkedLate: number;
  errors: RecordedError[];
  outcome: PassOutcome;
}

type Row = Awaited<ReturnType<ReturnType<typeof prismaOf>['schedulerPass']['findFirstOrThrow']>>;

function toRecorded(row: Row): RecordedPass {
  return {
    host: row.host,
    pid: row.pid,
    version: row.version,
    kind: row.kind as PassKind,
    started: row.started,
    finished: row.finished,
    now: row.now,
    deploymentsScanned: row.deploymentsScanned,
    runsInserted: row.runsInserted,
    runsMarkedLate: row.runsMarkedLate,
    errors: Array.isArray(row.errors) ? (row.errors as unknown as RecordedError[]) : [],
    outcome: row.outcome as PassOutcome,
  };
}

/** The last pass that planned from `at` or before, the first after it, and the oldest one kept. */
export async function passesAround(
  db: Database,
  at: Date,
): Promise<{ before: RecordedPass | null; after: RecordedPass | null; oldest: RecordedPass | null }> {
  const passes = prismaOf(db).schedulerPass;
  const [before, after, oldest] = await Promise.all([
    passes.findFirst({ where: { now: { lte: at } }, orderBy: { now: 'desc' } }),
    passes.findFirst({ where: { now: { gt: at } }, orderBy: { now: 'asc' } }),
    passes.findFirst({ orderBy: { now: 'asc' } }),
  ]);
  return {
    before: before && toRecorded(before),
    after: after && toRecorded(after),
    oldest: oldest && toRecorded(oldest),
  };
}

/** The pass that planned from exactly `now` (runs carry it as their created time). */
export async function passPlannedAt(db: Database, now: Date): Promise<RecordedPass | null> {
  const row = await prismaOf(db).schedulerPass.findFirst({ where: { now }, orderBy: { finished: 'desc' } });
  return row && toRecorded(row);
}

/** The newest passes first. */
export async function recentPasses(db: Database, limit: number): Promise<RecordedPass[]> {
  const rows = await prismaOf(db).schedulerPass.findMany({ orderBy: { started: 'desc' }, take: limit });
  return rows.map(toRecorded);
}

/** The newest passes that recorded errors, newest first. */
export async function passesWithErrors(db: Database, limit: number): Promise<RecordedPass[]> {
  const rows = await prismaOf(db).schedulerPass.findMany({
    where: { outcome: { in: ['errors', 'failed'] } },
    orderBy: { started: 'desc' },
    take: limit,
  });
  return rows.map(toRecorded);
}

/** Each instance that recorded a pass since `since`, with its last pass's finish, newest first. */
export async function instancesSince(
  db: Database,
  since: Date,
): Promise<Array<{ host: string; pid: number; version: string; lastFinished: Date; passes: number }>> {
  const rows = await prismaOf(db).schedulerPass.groupBy({
    by: ['host', 'pid', 'version'],
    where: { finished: { gte: since } },
    _max: { finished: true },
    _count: true,
  });
  return rows
    .map((r) => ({ host: r.host, pid: r.pid, version: r.version, lastFinished: r._max.finished!, passes: r._count }))
    .sort((a, b) => b.lastFinished.getTime() - a.lastFinished.getTime());
}

/** The last pass that finished without failing (outcome ok or errors), if any is kept. */
export async function lastFinishedPass(db: Database): Promise<RecordedPass | null> {
  const row = await prismaOf(db).schedulerPass.findFirst({
    where: { outcome: { in: ['ok', 'errors'] } },
    orderBy: { finished: 'desc' },
  });
  return row && toRecorded(row);
}
