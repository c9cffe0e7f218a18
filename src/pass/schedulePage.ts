import type { Logger } from '../logger.js';
import {
  insertScheduledRuns,
  loadDeploymentsToSchedule,
  type DeploymentToSchedule,
  type ScheduleToPlan,
  type ScheduledRunRow,
} from './schedulingStore.js';
import { parseSchedule, type Schedule } from '../schedule/index.js';
import { planScheduleRuns } from './planScheduleRuns.js';
import { buildScheduledRuns } from './buildScheduledRuns.js';
import type { SqlDatabase } from '../db/openSqlDatabase.js';
import type { PassSettings, ScheduleFailure } from './passReport.js';
import { planCatchup, type CatchupPlan } from './catchupPolicy.js';

/** What planning a page needs besides the database. */
export interface PageContext {
  settings: PassSettings;
  logger: Logger;
  /** Checked between insert batches. */
  signal: AbortSignal | undefined;
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
  const deployments = await loadDeploymentsToSchedule(db, ids);
  const failures: ScheduleFailure[] = [];
  const tally = { slotsMissed: 0 };
  let scanned = 0;
  let caughtUp = 0;
  // One transaction per page, its batches inside: whole batches commit together, and
  // 200 commits of 500 runs cost SQLite a second more than 10 of 10,000 (README
  // "Performance"). A signal stops between batches; the batches done so far commit.
  const inserted = await db.sql.transaction(async (tx) => {
    let count = 0;
    let batch: ScheduledRunRow[] = [];
    /** Inserts the batch; false once a signal asks the pass to stop. */
    const insertBatch = async (): Promise<boolean> => {
      // better-sqlite3 answers synchronously, so a pass can run on microtasks alone and
      // starve the event loop: yield once per batch so signals (and timers) get through.
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) return false;
      const inserted = await insertScheduledRuns(tx, batch, now);
      count += inserted.length;
      caughtUp += inserted.filter((run) => run.expectedStartTime < now).length;
      batch = [];
      return true;
    };
    for (const deployment of deployments) {
      scanned += 1;
      for (const schedule of deployment.schedules) {
        for (const run of planRuns(deployment, schedule, context, now, failures, tally)) {
          batch.push(run);
          if (batch.length >= settings.insertBatchSize && !(await insertBatch())) return count;
        }
      }
    }
    if (batch.length > 0) await insertBatch();
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
  deployment: DeploymentToSchedule,
  schedule: ScheduleToPlan,
  { settings, logger }: PageContext,
  now: Date,
  failures: ScheduleFailure[],
  tally: { slotsMissed: number },
): ScheduledRunRow[] {
  try {
    const parsed = parseCached(schedule.definition);
    const catchup = planCatchup(parsed, schedule, now, settings);
    const dates = planScheduleRuns(parsed, now, { ...settings, maxScheduledRuns: schedule.maxScheduledRuns });
    if (catchup.missed > 0) {
      tally.slotsMissed += catchup.missed - catchup.runs.length;
      logger.warn(describeMissedSlots(catchup), {
        deployment: `${deployment.flowName}/${deployment.name}`,
        schedule: schedule.key,
      });
    }
    return [
      ...buildScheduledRuns(deployment, schedule, catchup.runs, now.getTime(), 'catch-up'),
      ...buildScheduledRuns(
        deployment,
        schedule,
        dates.map((o) => o.at),
        now.getTime(),
      ),
    ];
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

/** The log line of a schedule that missed slots (README "Catch-up after downtime"). */
export function describeMissedSlots(plan: CatchupPlan): string {
  const span = `${plan.firstMissed?.toISOString()} .. ${plan.lastMissed?.toISOString()}`;
  const notExamined = plan.notExamined
    ? `; ${plan.notExamined.from.toISOString()} .. ${plan.notExamined.to.toISOString()} lies before catchupWindow and was not examined`
    : '';
  return `missed ${plan.missed} slot(s) ${span} while no scheduler ran; catchup=${plan.policy}: ${plan.runs.length} caught up, ${plan.missed - plan.runs.length} skipped${notExamined}`;
}
