import type { Logger } from '../logger.js';
import { insertScheduledRuns, loadDeploymentsToSchedule, type ScheduledRunRow } from '../db/schedulingStore.js';
import { parseSchedule, type Schedule } from '../schedule/index.js';
import { planScheduleRuns } from './planScheduleRuns.js';
import { buildScheduledRuns } from './buildScheduledRuns.js';
import type { PassReport, RunOnceOptions } from './runOnce.js';

/** Plans every active schedule of the page's deployments, then inserts in batches. */
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

export async function schedulePage(ids: string[], options: RunOnceOptions & { logger: Logger }, now: Date, report: PassReport): Promise<void> {
  const { db, settings, signal, logger } = options;
  const planned: ScheduledRunRow[] = [];
  for (const deployment of await loadDeploymentsToSchedule(db, ids)) {
    report.deploymentsScanned += 1;
    for (const schedule of deployment.schedules) {
      try {
        const dates = planScheduleRuns(parseCached(schedule.definition), now, { ...settings, maxScheduledRuns: schedule.maxScheduledRuns });
        planned.push(...buildScheduledRuns(deployment, schedule, dates.map((o) => o.at), now.getTime()));
      } catch (error) {
        const failure = { deployment: `${deployment.flowName}/${deployment.name}`, schedule: schedule.key, message: (error as Error).message };
        report.errors.push(failure);
        logger.error('schedule failed', failure);
      }
    }
  }
  // One transaction per page, its batches inside: whole batches commit together, and
  // 200 commits of 500 runs cost SQLite a second more than 10 of 10,000 (issue 6). A
  // signal stops between batches; the batches done so far commit.
  const inserted = await db.sql.transaction(async (tx) => {
    let count = 0;
    for (let i = 0; i < planned.length; i += settings.insertBatchSize) {
      // better-sqlite3 answers synchronously, so a pass can run on microtasks alone and
      // starve the event loop: yield once per batch so signals (and timers) get through.
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) break;
      count += (await insertScheduledRuns(tx, planned.slice(i, i + settings.insertBatchSize), now)).length;
    }
    return count;
  });
  report.runsInserted += inserted;
  logger.debug('page scheduled', { deployments: ids.length, planned: planned.length, inserted });
}
