import type { RecordedPass } from '../pass/passHistoryStore.js';
import type { RecordedError } from '../pass/passHistory.js';
import { iterateOccurrences, parseSchedule } from '../schedule/index.js';
import { HOUR_MS } from '../schedule/units.js';
import type { StatusStore } from './statusStore.js';

export interface StatusRequest {
  now: Date;
  /** Seconds: a pass must have finished without failing this recently. */
  maxAge: number;
  /** Seconds: how far ahead a pass schedules; a schedule whose next fire time is beyond holds no run yet, rightly. */
  maxScheduledTime: number;
}

export interface PassSummary {
  started: string;
  finished: string;
  instance: string;
  kind: string;
  outcome: string;
  runsInserted: number;
  runsMarkedLate: number;
  errors: number;
}

/** The pass-history fields are null where the data model keeps no pass history (historyNotKept says so). */
export interface StatusDocument {
  now: string;
  healthy: boolean;
  /** One line per problem; empty when healthy. */
  problems: string[];
  /** null where passes are recorded; else what is not kept (the prefect data model). */
  historyNotKept: string | null;
  lastPasses: PassSummary[] | null;
  lastFinishedPass: string | null;
  instances: Array<{ instance: string; lastFinished: string; passes: number }> | null;
  shortestRunway: { deployment: string; schedule: string; runwayUntil: string; seconds: number } | null;
  lateRuns: { count: number; oldest: string | null };
  scheduleErrors: Array<{ deployment: string | null; schedule: string | null; message: string; passAt: string }> | null;
}

const PASSES_SHOWN = 5;
/** Instances count as seen recently when they recorded a pass within this, or within maxAge if longer. */
const RECENT_INSTANCE_MS = HOUR_MS;

/**
 * `scheduler status` (README "Operating"): healthy when a pass finished without failing within
 * maxAge and every active schedule of an unpaused deployment that fires again within the
 * scheduling horizon holds at least one future run. Where no pass history is kept, the
 * runways alone decide: a missing record is no reason to alert (README "In place of
 * Prefect's scheduler").
 */
export async function readStatus(store: StatusStore, request: StatusRequest): Promise<StatusDocument> {
  const { now } = request;
  const { history } = store;
  const [passes, finished, instances, schedules, runwayEnds, late] = await Promise.all([
    history?.recentPasses(PASSES_SHOWN) ?? null,
    history?.lastFinishedPass() ?? null,
    history?.instancesSince(new Date(now.getTime() - Math.max(RECENT_INSTANCE_MS, request.maxAge * 1000))) ?? null,
    store.listSchedulesInUse(),
    store.readRunwayEnds(now),
    store.readLateRunSummary(now),
  ]);
  const problems: string[] = [];
  if (history === null) {
    // Nothing to check the passes against: the runways below are the probe.
  } else if (finished === null) {
    problems.push('no pass has finished without failing in the pass history');
  } else if (finished.finished.getTime() < now.getTime() - request.maxAge * 1000) {
    problems.push(
      `the last pass that finished without failing ended at ${finished.finished.toISOString()}, more than ${request.maxAge} s ago`,
    );
  }
  let shortest: StatusDocument['shortestRunway'] = null;
  const horizon = new Date(now.getTime() + request.maxScheduledTime * 1000);
  for (const schedule of schedules) {
    const end = runwayEnds.get(schedule.id);
    if (end !== undefined) {
      if (shortest === null || end.getTime() < Date.parse(shortest.runwayUntil)) {
        const seconds = Math.round((end.getTime() - now.getTime()) / 1000);
        shortest = { deployment: schedule.deployment, schedule: schedule.key, runwayUntil: end.toISOString(), seconds };
      }
      continue;
    }
    const next = nextFireTime(schedule.definition, now, horizon);
    if (next !== null) {
      problems.push(
        `${schedule.deployment} schedule ${schedule.key} holds no future run (it fires next at ${next.toISOString()})`,
      );
    }
  }
  const newest = passes?.[0];
  return {
    now: now.toISOString(),
    healthy: problems.length === 0,
    problems,
    historyNotKept: history === null ? `pass history is not kept in the ${store.dataModel} data model` : null,
    lastPasses: passes?.map(summarise) ?? null,
    lastFinishedPass: finished?.finished.toISOString() ?? null,
    instances:
      instances?.map((i) => ({
        instance: `${i.host}:${i.pid} (${i.version})`,
        lastFinished: i.lastFinished.toISOString(),
        passes: i.passes,
      })) ?? null,
    shortestRunway: shortest,
    lateRuns: { count: late.count, oldest: late.oldest?.toISOString() ?? null },
    scheduleErrors: passes === null ? null : newest === undefined ? [] : newest.errors.map((e) => errorOf(e, newest)),
  };
}

/** The next fire time within the horizon; null when there is none or the schedule cannot be evaluated (a pass reports that). */
function nextFireTime(definition: unknown, now: Date, horizon: Date): Date | null {
  try {
    const next = iterateOccurrences(parseSchedule(definition), now, { until: horizon }).next();
    return next.done ? null : next.value.at;
  } catch {
    return null;
  }
}

function summarise(pass: RecordedPass): PassSummary {
  return {
    started: pass.started.toISOString(),
    finished: pass.finished.toISOString(),
    instance: `${pass.host}:${pass.pid}`,
    kind: pass.kind,
    outcome: pass.outcome,
    runsInserted: pass.runsInserted,
    runsMarkedLate: pass.runsMarkedLate,
    errors: pass.errors.length,
  };
}

function errorOf(error: RecordedError, pass: RecordedPass): NonNullable<StatusDocument['scheduleErrors']>[number] {
  return { ...error, passAt: pass.now.toISOString() };
}
