import type { Logger } from '../logger.js';
import type { DeploymentToSchedule, ScheduleToPlan } from './schedulingStore.js';
import { schedulerPassStore, type PassStore } from './passStore.js';
import { parseSchedule, type Schedule } from '../schedule/index.js';
import { planScheduleRuns } from './planScheduleRuns.js';
import type { SqlDatabase } from '../db/openSqlDatabase.js';
import type { PassSettings, ScheduleFailure } from './passReport.js';
import { planCatchup, type CatchupPlan } from './catchupPolicy.js';

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
  /** Of runsInserted, those for missed slots (before now). */
  runsCaughtUp: number;
  slotsMissed: number;
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
  const tally = { slotsMissed: 0 };
  let scanned = 0;
  let caughtUp = 0;
  // One transaction per page, its batches inside: whole batches commit together, and
  // 200 commits of 500 runs cost SQLite a second more than 10 of 10,000 (README
  // "Performance"). A signal stops between batches; the batches done so far commit.
  const inserted = await db.sql.transaction(async (tx) => {
    let count = 0;
    // Runs for missed slots go in batches of their own, so the pass can count what it caught up.
    const batches = { future: [] as unknown[], catchup: [] as unknown[] };
    /** Inserts a batch; false once a signal asks the pass to stop. */
    const insertBatch = async (which: keyof typeof batches): Promise<boolean> => {
      // better-sqlite3 answers synchronously, so a pass can run on microtasks alone and
      // starve the event loop: yield once per batch so signals (and timers) get through.
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) return false;
      const added = await store.insertScheduledRuns(tx, batches[which], now);
      count += added;
      if (which === 'catchup') caughtUp += added;
      batches[which] = [];
      return true;
    };
    for (const deployment of deployments) {
      scanned += 1;
      for (const schedule of deployment.schedules) {
        const planned = planRuns(store, deployment, schedule, context, now, failures, tally);
        for (const which of ['catchup', 'future'] as const) {
          for (const run of planned[which]) {
            batches[which].push(run);
            if (batches[which].length >= settings.insertBatchSize && !(await insertBatch(which))) return count;
          }
        }
      }
    }
    for (const which of ['catchup', 'future'] as const) {
      if (batches[which].length > 0 && !(await insertBatch(which))) break;
    }
    return count;
  });
  logger.debug('page scheduled', { deployments: ids.length, inserted });
  return {
    deploymentsScanned: scanned,
    runsInserted: inserted,
    runsCaughtUp: caughtUp,
    slotsMissed: tally.slotsMissed,
    failures,
  };
}

/**
 * One schedule's runs: its missed slots that the catch-up policy keeps, then the pass's
 * future runs. A schedule that fails is reported and yields none.
 */
function planRuns(
  store: PassStore,
  deployment: DeploymentToSchedule,
  schedule: ScheduleToPlan,
  { settings, logger }: PageContext,
  now: Date,
  failures: ScheduleFailure[],
  tally: { slotsMissed: number },
): { catchup: unknown[]; future: unknown[] } {
  try {
    const parsed = parseCached(schedule.definition);
    // Another data model's database does not record when a schedule became active: no catch-up there.
    const catchup = store.ownTables ? planCatchup(parsed, schedule, now, settings) : null;
    const occurrences = planScheduleRuns(parsed, now, { ...settings, maxScheduledRuns: schedule.maxScheduledRuns });
    if (catchup !== null && catchup.missed > 0) {
      tally.slotsMissed += catchup.missed - catchup.runs.length;
      logger.warn(describeMissedSlots(catchup), {
        deployment: `${deployment.flowName}/${deployment.name}`,
        schedule: schedule.key,
      });
    }
    return {
      catchup:
        catchup === null ? [] : store.buildScheduledRuns(deployment, schedule, catchup.runs, now.getTime(), 'catch-up'),
      future: store.buildScheduledRuns(deployment, schedule, occurrences, now.getTime()),
    };
  } catch (error) {
    const failure = {
      deployment: `${deployment.flowName}/${deployment.name}`,
      schedule: schedule.key,
      message: (error as Error).message,
    };
    failures.push(failure);
    logger.error('schedule failed', failure);
    return { catchup: [], future: [] };
  }
}

/** The log line of a schedule that missed slots (README "Catch-up after downtime"). */
export function describeMissedSlots(plan: CatchupPlan): string {
  const span = `${plan.firstMissed?.toISOString()} .. ${plan.lastMissed?.toISOString()}`;
  const notExamined = plan.notExamined
    ? `; ${plan.notExamined.from.toISOString()} .. ${plan.notExamined.to.toISOString()} lies before catchupWindow and was not examined`
    : '';
  return `missed ${plan.missed} slot(s) ${span} while no scheduler ran; catchup=${plan.policy}: ${plan.runs.length} caught up, ${plan.missed - plan.runs.length} skipped${notExamined}`;
}
