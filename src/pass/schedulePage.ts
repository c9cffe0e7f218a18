import type { Logger } from '../logger.js';
import type { DeploymentToSchedule, ScheduleToPlan } from './schedulingStore.js';
import { schedulerPassStore, type PassStore } from './passStore.js';
import { parseSchedule, type Schedule } from '../schedule/index.js';
import { planScheduleRuns } from './planScheduleRuns.js';
import type { SqlDatabase } from '../db/openSqlDatabase.js';
import type { PassSettings, ScheduleFailure } from './passReport.js';

/** What planning a page needs besides the database. */
export interface PageContext {
  settings: PassSettings;
  logger: Logger;
  /** Checked between insert batches. */
  signal: AbortSignal | undefined;
  /** The data model's queries; the tool's own tables when not given. */
  store?: PassStore;
}

/** What one page did; the pass adds it to its report. */
export interface PageOutcome {
  /** Deployments of the page that were planned (claimed by this instance; fewer if a signal stopped it). */
  deploymentsScanned: number;
  runsInserted: number;
  failures: ScheduleFailure[];
}

const parsedSchedules = new Map<string, Schedule>();
const PARSED_CACHE_SIZE = 10_000;

/** parseSchedule is pure, and deployments often share a definition: parse each text once. */
function parseCached(definition: unknown): Schedule {
  const text = JSON.stringify(definition);
  let schedule = parsedSchedules.get(text);
  if (schedule === undefined) {
    schedule = parseSchedule(definition);
    if (parsedSchedules.size >= PARSED_CACHE_SIZE) parsedSchedules.clear();
    parsedSchedules.set(text, schedule);
  }
  return schedule;
}

/**
 * Plans the page's schedules one at a time and inserts their runs as each insert batch
 * fills, so a pass holds at most one batch of planned runs (plus one schedule's dates)
 * whatever the page size and maxRuns: planning a whole page first held 10,000 runs at
 * 100 deployments x 100 runs and peaked at 190 MB (README "Performance").
 */
export async function schedulePage(
  db: SqlDatabase,
  ids: string[],
  context: PageContext,
  now: Date,
): Promise<PageOutcome> {
  const { settings, signal, logger } = context;
  const store = context.store ?? schedulerPassStore;
  const deployments = await store.loadDeploymentsToSchedule(db, ids);
  const failures: ScheduleFailure[] = [];
  let scanned = 0;
  // One transaction per page, its batches inside: whole batches commit together, and
  // 200 commits of 500 runs cost SQLite a second more than 10 of 10,000 (README
  // "Performance"). A signal stops between batches; the batches done so far commit.
  const inserted = await db.sql.transaction(async (tx) => {
    let count = 0;
    let batch: unknown[] = [];
    /** Inserts the batch; false once a signal asks the pass to stop. */
    const insertBatch = async (): Promise<boolean> => {
      // better-sqlite3 answers synchronously, so a pass can run on microtasks alone and
      // starve the event loop: yield once per batch so signals (and timers) get through.
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) return false;
      count += await store.insertScheduledRuns(tx, batch, now);
      batch = [];
      return true;
    };
    for (const deployment of deployments) {
      scanned += 1;
      for (const schedule of deployment.schedules) {
        for (const run of planRuns(store, deployment, schedule, context, now, failures)) {
          batch.push(run);
          if (batch.length >= settings.insertBatchSize && !(await insertBatch())) return count;
        }
      }
    }
    if (batch.length > 0) await insertBatch();
    return count;
  });
  logger.debug('page scheduled', { deployments: ids.length, inserted });
  return { deploymentsScanned: scanned, runsInserted: inserted, failures };
}

/** One schedule's runs; a schedule that fails is reported and yields none. */
function planRuns(
  store: PassStore,
  deployment: DeploymentToSchedule,
  schedule: ScheduleToPlan,
  { settings, logger }: PageContext,
  now: Date,
  failures: ScheduleFailure[],
): unknown[] {
  try {
    const occurrences = planScheduleRuns(parseCached(schedule.definition), now, {
      ...settings,
      maxScheduledRuns: schedule.maxScheduledRuns,
    });
    return store.buildScheduledRuns(deployment, schedule, occurrences, now.getTime());
  } catch (error) {
    const failure = {
      deployment: `${deployment.flowName}/${deployment.name}`,
      schedule: schedule.key,
      message: (error as Error).message,
    };
    failures.push(failure);
    logger.error('schedule failed', failure);
    return [];
  }
}
