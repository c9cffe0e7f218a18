import type { Logger } from '../logger.js';
import {
  insertScheduledRuns,
  loadDeploymentsToSchedule,
  type DeploymentToSchedule,
  type ScheduleToPlan,
  type ScheduledRunRow,
} from '../db/schedulingStore.js';
import { parseSchedule, type Schedule } from '../schedule/index.js';
import { planScheduleRuns } from './planScheduleRuns.js';
import { buildScheduledRuns } from './buildScheduledRuns.js';
import type { PassReport, RunOnceOptions } from './runOnce.js';

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
 * 100 deployments x 100 runs and peaked at 190 MB (issue 6).
 */
export async function schedulePage(
  ids: string[],
  options: RunOnceOptions & { logger: Logger },
  now: Date,
  report: PassReport,
): Promise<void> {
  const { db, settings, signal, logger } = options;
  const deployments = await loadDeploymentsToSchedule(db, ids);
  // One transaction per page, its batches inside: whole batches commit together, and
  // 200 commits of 500 runs cost SQLite a second more than 10 of 10,000 (issue 6). A
  // signal stops between batches; the batches done so far commit.
  const inserted = await db.sql.transaction(async (tx) => {
    let count = 0;
    let batch: ScheduledRunRow[] = [];
    /** Inserts the batch; false once a signal asks the pass to stop. */
    const insertBatch = async (): Promise<boolean> => {
      // better-sqlite3 answers synchronously, so a pass can run on microtasks alone and
      // starve the event loop: yield once per batch so signals (and timers) get through.
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) return false;
      count += (await insertScheduledRuns(tx, batch, now)).length;
      batch = [];
      return true;
    };
    for (const deployment of deployments) {
      report.deploymentsScanned += 1;
      for (const schedule of deployment.schedules) {
        for (const run of planRuns(deployment, schedule, options, now, report)) {
          batch.push(run);
          if (batch.length >= settings.insertBatchSize && !(await insertBatch())) return count;
        }
      }
    }
    if (batch.length > 0) await insertBatch();
    return count;
  });
  report.runsInserted += inserted;
  logger.debug('page scheduled', { deployments: ids.length, inserted });
}

/** One schedule's runs; a schedule that fails is reported and yields none. */
function planRuns(
  deployment: DeploymentToSchedule,
  schedule: ScheduleToPlan,
  { settings, logger }: RunOnceOptions & { logger: Logger },
  now: Date,
  report: PassReport,
): ScheduledRunRow[] {
  try {
    const dates = planScheduleRuns(parseCached(schedule.definition), now, {
      ...settings,
      maxScheduledRuns: schedule.maxScheduledRuns,
    });
    return buildScheduledRuns(
      deployment,
      schedule,
      dates.map((o) => o.at),
      now.getTime(),
    );
  } catch (error) {
    const failure = {
      deployment: `${deployment.flowName}/${deployment.name}`,
      schedule: schedule.key,
      message: (error as Error).message,
    };
    report.errors.push(failure);
    logger.error('schedule failed', failure);
    return [];
  }
}
