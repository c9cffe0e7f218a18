import type { Database } from '../db/openDatabase.js';
import { prismaOf, type PrismaTx } from '../db/prisma.js';
import { uuidv7 } from '../ids.js';
import type { DeletedRun } from '../runs/runStore.js';

/** What an operator did to one deployment (README "Operating"). */
export type ChangeAction = 'apply' | 'pause' | 'resume' | 'rm';

/** A schedule as a change saw it. */
export interface ScheduleSnapshot {
  key: string;
  definition: unknown;
  active: boolean;
}

export interface ChangeDetails {
  /** apply: the deployment was created, or removed by --prune. */
  created?: boolean;
  removed?: boolean;
  /** The deployment's paused flag after the change, when the change set it. */
  paused?: boolean;
  /** Deployment fields whose value changed. */
  fields?: string[];
  schedulesAdded?: ScheduleSnapshot[];
  schedulesChanged?: Array<{ key: string; before: ScheduleSnapshot; after: ScheduleSnapshot }>;
  schedulesRemoved?: ScheduleSnapshot[];
}

export interface ChangeToRecord {
  deploymentId: string;
  deploymentName: string;
  action: ChangeAction;
  details: ChangeDetails;
  runsDeleted: number;
}

export interface RecordedChange extends ChangeToRecord {
  at: Date;
}

/** Records changes in the caller's transaction, so a change and its record commit together. */
export async function recordChanges(tx: PrismaTx, changes: ChangeToRecord[], at: Date): Promise<void> {
  if (changes.length === 0) return;
  await tx.deploymentChange.createMany({
    data: changes.map((change) => ({ id: uuidv7(at.getTime()), at, ...change, details: change.details as object })),
  });
}

/** The runs deleted per deployment, for changes that touched several deployments at once. */
export function countByDeployment(runs: DeletedRun[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const run of runs) {
    if (run.deploymentId !== null) counts.set(run.deploymentId, (counts.get(run.deploymentId) ?? 0) + 1);
  }
  return counts;
}

/** A deployment's recorded changes, oldest first. */
export async function listChanges(db: Database, deploymentId: string): Promise<RecordedChange[]> {
  const rows = await prismaOf(db).deploymentChange.findMany({ where: { deploymentId }, orderBy: { at: 'asc' } });
  return rows.map((row) => ({
    deploymentId: row.deploymentId,
    deploymentName: row.deploymentName,
    action: row.action as ChangeAction,
    details: row.details as ChangeDetails,
    runsDeleted: row.runsDeleted,
    at: row.at,
  }));
}
