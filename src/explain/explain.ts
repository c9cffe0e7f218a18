import type { RecordedChange, ScheduleSnapshot } from '../deployments/changeStore.js';
import type { StoredDeployment, StoredSchedule } from '../deployments/deploymentStore.js';
import { NotFoundError } from '../errors.js';
import type { PassSettings } from '../pass/passReport.js';
import type { RecordedPass } from '../pass/passHistoryStore.js';
import type { RunAtTime, ScheduleRunway } from '../runs/scheduleRuns.js';
import {
  describeSchedule,
  formatInstant,
  getZone,
  instantsOfWall,
  isKnownTimeZone,
  iterateOccurrences,
  normalizeTimeZone,
  parseInstant,
  parseIsoParts,
  parseSchedule,
  timezoneOf,
  type Schedule,
} from '../schedule/index.js';
import { DAY_MS, HOUR_MS } from '../schedule/units.js';
import type { CatchupPolicy } from '../pass/catchupPolicies.js';
import { whyNotCaughtUp } from './catchupPolicy.js';
import type { ExplainStore } from './explainStore.js';
import { topUpTime } from './runway.js';

export type Verdict =
  | 'RUN_EXISTS'
  | 'NOT_A_FIRE_TIME'
  | 'DST_GAP_SHIFTED'
  | 'DST_REPEATED_HOUR'
  | 'DEPLOYMENT_PAUSED'
  | 'SCHEDULE_INACTIVE'
  | 'SCHEDULE_CHANGED'
  | 'BEFORE_SCHEDULE_EXISTED'
  | 'NOT_YET_SCHEDULED'
  | 'MISSED_SCHEDULER_DOWN'
  | 'SCHEDULE_ERROR';

export interface ExplainRequest {
  /** `flow/deployment` or an id prefix. */
  deployment: string;
  /** ISO-8601; without an offset it is read in each schedule's zone. */
  at?: string;
  scheduleKey?: string;
  now: Date;
  settings: Pick<PassSettings, 'minRuns' | 'maxRuns' | 'minScheduledTime' | 'catchup'>;
}

/** One schedule's answer; every time is ISO-8601 with the schedule zone's offset. */
export interface ExplainedSchedule {
  key: string;
  definition: unknown;
  description: string;
  timezone: string;
  active: boolean;
  /** Since when the schedule exists in its current form (its activity included); without a change history, the schedule row's last update. */
  activeSince: string;
  verdict: Verdict | null;
  /** Why: the facts the verdict rests on; `unsupported` when the records cannot tell. */
  evidence: Record<string, unknown>;
  nextRuns: string[];
  nextRunsUtc: string[];
  heldRuns: number;
  runwayUntil: string | null;
  /** When a pass must top the schedule up (now when it already needs runs); null when it never will. */
  topUpAt: string | null;
  lateRuns: number;
  /** Slots recorded as missed: passes do not record them per schedule yet. */
  slotsMissed: number | null;
  lastPass: {
    at: string;
    finished: string | null;
    instance: string | null;
    kind: string | null;
    outcome: string | null;
  } | null;
  lastError: { at: string; message: string } | null;
}

export interface ExplainDocument {
  deployment: string;
  paused: boolean;
  at: string | null;
  now: string;
  /** null where passes and changes are recorded; else what is not kept (the prefect data model). */
  historyNotKept: string | null;
  schedules: ExplainedSchedule[];
}

const NEXT_RUNS_SHOWN = 3;
const ERROR_PASSES_READ = 100;

/**
 * `scheduler explain` (README "Operating"): without `at`, each schedule's state; with it, one
 * verdict per schedule saying why there is, or is not, a run at that time, with its evidence
 * from the runs, the pass history and the change history. A data model without those
 * histories gets the verdicts its runs and current definitions decide, and says what is
 * not kept for the others (README "In place of Prefect's scheduler").
 */
export async function explainDeployment(store: ExplainStore, request: ExplainRequest): Promise<ExplainDocument> {
  const { now } = request;
  const { history } = store;
  const deployment = await store.findDeployment(request.deployment);
  const schedules = selectSchedules(deployment, request.scheduleKey);
  const atParts = request.at === undefined ? null : parseAt(request.at);
  const [changes, runways, errorPasses] = await Promise.all([
    history?.listChanges(deployment.id) ?? [],
    store.readScheduleRunways(
      deployment.id,
      schedules.map((s) => s.id),
      now,
      request.settings.maxRuns,
    ),
    history?.passesWithErrors(ERROR_PASSES_READ) ?? [],
  ]);
  const notKept =
    history === null ? (what: string) => `${what} is not kept in the ${store.dataModel} data model` : null;
  const explained: ExplainedSchedule[] = [];
  for (const stored of schedules) {
    const facts: ScheduleFacts = {
      store,
      notKept,
      deployment,
      stored,
      changes,
      runway: runways.get(stored.id)!,
      errors: errorsOf(errorPasses, deployment.name, stored.key),
      now,
      catchup: stored.catchup ?? request.settings.catchup,
      ...parseStored(stored),
    };
    const overview = await describeState(facts, request.settings);
    const answer = atParts === null ? { verdict: null, evidence: {} } : await judge(facts, atParts);
    explained.push({ ...overview, ...answer });
  }
  return {
    deployment: deployment.name,
    paused: deployment.paused,
    at: request.at ?? null,
    now: now.toISOString(),
    historyNotKept:
      history === null ? `pass and change history are not kept in the ${store.dataModel} data model` : null,
    schedules: explained,
  };
}

function selectSchedules(deployment: StoredDeployment, key: string | undefined): StoredSchedule[] {
  if (key === undefined) return deployment.schedules;
  const found = deployment.schedules.filter((s) => s.key === key);
  if (found.length === 0) {
    const known = deployment.schedules.map((s) => s.key).join(', ') || 'none';
    throw new NotFoundError(
      `schedule "${key}" not found in ${deployment.name}; its schedule keys: ${known} (\`scheduler deployments inspect ${deployment.name}\`)`,
      'E_UNKNOWN_SCHEDULE',
    );
  }
  return found;
}

/** `--at`: an instant when it has an offset, else a wall time read in each schedule's zone. */
function parseAt(at: string): { wall: number; offset: number | null } {
  const parts = parseIsoParts(at);
  // parseInstant's error names the flag and the accepted form.
  if (parts === null) parseInstant(at, 'UTC', '--at');
  return parts!;
}

interface ScheduleFacts {
  store: ExplainStore;
  /** null when the store keeps the pass and change history; else says that `what` is not kept. */
  notKept: ((what: string) => string) | null;
  deployment: StoredDeployment;
  stored: StoredSchedule;
  changes: RecordedChange[];
  runway: ScheduleRunway;
  /** Errors passes recorded for this schedule, newest first. */
  errors: Array<{ pass: RecordedPass; message: string }>;
  now: Date;
  /** The schedule's catch-up policy: its own, else the setting's. */
  catchup: CatchupPolicy;
  schedule: Schedule | null;
  parseError: string | null;
  timezone: string;
}

function parseStored(stored: StoredSchedule): Pick<ScheduleFacts, 'schedule' | 'parseError' | 'timezone'> {
  const zoneOf = (name: string | null) => {
    const normal = normalizeTimeZone(name);
    return isKnownTimeZone(normal) ? normal : 'UTC';
  };
  try {
    const schedule = parseSchedule(stored.definition);
    return { schedule, parseError: null, timezone: schedule.timezone };
  } catch (error) {
    return { schedule: null, parseError: (error as Error).message, timezone: zoneOf(timezoneOf(stored.definition)) };
  }
}

function errorsOf(passes: RecordedPass[], deployment: string, key: string): ScheduleFacts['errors'] {
  return passes.flatMap((pass) =>
    pass.errors
      .filter((e) => e.deployment === deployment && e.schedule === key)
      .map((e) => ({ pass, message: e.message })),
  );
}

async function describeState(
  facts: ScheduleFacts,
  settings: ExplainRequest['settings'],
): Promise<Omit<ExplainedSchedule, 'verdict' | 'evidence'>> {
  const { stored, schedule, runway, now, timezone } = facts;
  const at = (date: Date) => formatInstant(date, timezone);
  const next = schedule === null ? [] : firesFrom(schedule, now, NEXT_RUNS_SHOWN);
  const topUp =
    schedule === null
      ? null
      : topUpTime(runway.heldTimes, now, { ...settings, maxScheduledRuns: stored.maxScheduledRuns });
  const last = runway.lastScheduledAt;
  const lastPass = last === null ? null : ((await facts.store.history?.passPlannedAt(last)) ?? null);
  const lastError = facts.errors[0];
  return {
    key: stored.key,
    definition: stored.definition,
    description: schedule === null ? `invalid: ${facts.parseError}` : describeSchedule(schedule),
    timezone,
    active: stored.active,
    activeSince: at(currentFormSince(facts)),
    nextRuns: next.map(at),
    nextRunsUtc: next.map((d) => d.toISOString()),
    heldRuns: runway.heldTimes.length,
    runwayUntil: runway.runwayUntil && at(runway.runwayUntil),
    topUpAt: topUp && at(topUp),
    lateRuns: runway.lateRuns,
    slotsMissed: null,
    lastPass:
      last === null
        ? null
        : {
            at: at(last),
            finished: lastPass && at(lastPass.finished),
            instance: lastPass && instanceName(lastPass),
            kind: lastPass?.kind ?? null,
            outcome: lastPass?.outcome ?? null,
          },
    lastError: lastError === undefined ? null : { at: at(lastError.pass.now), message: lastError.message },
  };
}

function instanceName(pass: RecordedPass): string {
  return `${pass.host}:${pass.pid} (${pass.version})`;
}

/** The schedule's first `count` fire times from `from` on. */
function firesFrom(schedule: Schedule, from: Date, count: number): Date[] {
  const dates: Date[] = [];
  for (const occurrence of iterateOccurrences(schedule, from)) {
    dates.push(occurrence.at);
    if (dates.length >= count) break;
  }
  return dates;
}

/** Whether the schedule fires at `at`, to the millisecond (an interval anchored with microseconds fires within it). */
function firesAt(schedule: Schedule, at: Date): boolean {
  const next = iterateOccurrences(schedule, at).next();
  return !next.done && next.value.at.getTime() === at.getTime();
}

/** How far back the nearest earlier fire time is looked for, widening only while nothing is found. */
const LOOK_BACK_MS = [HOUR_MS, DAY_MS, 32 * DAY_MS, 366 * DAY_MS, 10 * 366 * DAY_MS];

function fireBefore(schedule: Schedule, at: Date): Date | null {
  for (const span of LOOK_BACK_MS) {
    let last: Date | null = null;
    const until = new Date(at.getTime() - 1);
    for (const occurrence of iterateOccurrences(schedule, new Date(at.getTime() - span), { until })) {
      last = occurrence.at;
    }
    if (last !== null) return last;
  }
  return null;
}

function fireAfter(schedule: Schedule, at: Date): Date | null {
  const next = iterateOccurrences(schedule, new Date(at.getTime() + 1)).next();
  return next.done ? null : next.value.at;
}

/** The changes that added the schedule's key or changed it, newest last. */
function changesOfKey(facts: ScheduleFacts): Array<{ change: RecordedChange; after: ScheduleSnapshot }> {
  const key = facts.stored.key;
  return facts.changes.flatMap((change) => {
    const added = change.details.schedulesAdded?.find((s) => s.key === key);
    const changed = change.details.schedulesChanged?.find((s) => s.key === key);
    const after = changed?.after ?? added;
    return after === undefined ? [] : [{ change, after }];
  });
}

/** Since when the schedule has had its current definition and activity (without a change history: its stored activeSince). */
function currentFormSince(facts: ScheduleFacts): Date {
  if (facts.notKept !== null) return facts.stored.activeSince;
  const last = changesOfKey(facts).at(-1);
  return last === undefined || last.change.at < facts.stored.created ? facts.stored.created : last.change.at;
}

/** Whether the deployment was paused at `at`, and the recorded span; null when it was not. */
function pausedSpan(facts: ScheduleFacts, at: Date): { since: Date | null; until: Date | null } | null {
  const events = facts.changes.filter((c) => c.details.paused !== undefined);
  const before = events.filter((c) => c.at <= at).at(-1);
  if (before === undefined) {
    // No record before `at`: only a deployment paused now with no recorded change at all counts.
    return events.length === 0 && facts.deployment.paused ? { since: null, until: null } : null;
  }
  if (!before.details.paused) return null;
  const resumed = events.find((c) => c.at > at && c.details.paused === false);
  return { since: before.at, until: resumed?.at ?? null };
}

/** Since when the schedule has been inactive, if it is. */
function inactiveSince(facts: ScheduleFacts): Date | null {
  if (facts.stored.active) return null;
  return currentFormSince(facts);
}

interface Answer {
  verdict: Verdict | null;
  evidence: Record<string, unknown>;
}

async function judge(facts: ScheduleFacts, at: { wall: number; offset: number | null }): Promise<Answer> {
  const { schedule, timezone } = facts;
  const show = (date: Date | null) => date && formatInstant(date, timezone);
  if (schedule === null) {
    return { verdict: 'SCHEDULE_ERROR', evidence: { message: facts.parseError, recorded: recordedErrors(facts) } };
  }
  if (at.offset !== null) return judgeInstant(facts, schedule, new Date(at.wall - at.offset));
  const zone = getZone(timezone);
  const instants = instantsOfWall(at.wall, zone).map((ms) => new Date(ms));
  const wallTime = formatInstant(at.wall, 'UTC').replace(/Z$/, '');
  if (instants.length === 0) {
    const shifted = new Date(zone.resolve(at.wall).at);
    if (firesAt(schedule, shifted)) {
      const run = (await runsOfSchedule(facts, [shifted]))[0];
      return {
        verdict: 'DST_GAP_SHIFTED',
        evidence: {
          wallTime,
          message: `${wallTime} did not exist in ${timezone} (clocks moved forward); the schedule fires at ${show(shifted)} (${shifted.toISOString()}) instead`,
          shiftedTo: show(shifted),
          shiftedToUtc: shifted.toISOString(),
          run: run === undefined ? null : runEvidence(run, timezone),
        },
      };
    }
    return judgeInstant(facts, schedule, shifted);
  }
  if (instants.length === 2) {
    const firing = instants.filter((instant) => firesAt(schedule, instant));
    if (firing.length === 1) {
      const fires = firing[0]!;
      const run = (await runsOfSchedule(facts, [fires]))[0];
      const which = fires === instants[0] ? 'first' : 'second';
      return {
        verdict: 'DST_REPEATED_HOUR',
        evidence: {
          wallTime,
          message: `${wallTime} occurred twice in ${timezone} (clocks moved back); the schedule fires once, at the ${which}: ${show(fires)} (${fires.toISOString()})`,
          occurrences: instants.map(show),
          firesAt: show(fires),
          firesAtUtc: fires.toISOString(),
          run: run === undefined ? null : runEvidence(run, timezone),
        },
      };
    }
  }
  return judgeInstant(facts, schedule, instants[0]!);
}

async function judgeInstant(facts: ScheduleFacts, schedule: Schedule, at: Date): Promise<Answer> {
  const { timezone, now, runway, notKept } = facts;
  const show = (date: Date | null) => date && formatInstant(date, timezone);
  const base = { time: show(at), timeUtc: at.toISOString() };
  const run = (await runsOfSchedule(facts, [at]))[0];
  if (run !== undefined) return { verdict: 'RUN_EXISTS', evidence: { ...base, ...runEvidence(run, timezone) } };
  if (!firesAt(schedule, at)) {
    const nearest = { nearestBefore: show(fireBefore(schedule, at)), nearestAfter: show(fireAfter(schedule, at)) };
    const change = changeThatRemoved(facts, at);
    if (change !== null) {
      return {
        verdict: 'SCHEDULE_CHANGED',
        evidence: {
          ...base,
          message: `${change.change.action} at ${show(change.change.at)} replaced the definition that fired at this time and deleted ${change.change.runsDeleted} future run(s)`,
          changedAt: show(change.change.at),
          action: change.change.action,
          before: change.before.definition,
          after: facts.stored.definition,
          runsDeleted: change.change.runsDeleted,
          ...nearest,
        },
      };
    }
    const unrecorded = notKept && {
      notKept: `${notKept('change history')}: an earlier definition may have fired then`,
    };
    return { verdict: 'NOT_A_FIRE_TIME', evidence: { ...base, ...nearest, ...unrecorded } };
  }
  if (notKept !== null && at <= now) {
    // A past fire time without a run: only passes and changes, not kept here, could tell why.
    return {
      verdict: null,
      evidence: {
        ...base,
        unsupported: notKept('pass history'),
        message: `no run of this schedule is at this time; without pass and change history it cannot be told whether no scheduler ran then, the deployment was paused or the schedule was inactive or different`,
        pausedNow: facts.deployment.paused,
        activeNow: facts.stored.active,
      },
    };
  }
  const since = currentFormSince(facts);
  if (notKept === null && at < since) {
    return {
      verdict: 'BEFORE_SCHEDULE_EXISTED',
      evidence: { ...base, since: show(since), message: `the schedule exists in this form since ${show(since)}` },
    };
  }
  const paused = pausedSpan(facts, at) ?? (at > now && facts.deployment.paused ? pausedSpan(facts, now) : null);
  if (paused !== null) {
    return {
      verdict: 'DEPLOYMENT_PAUSED',
      evidence: {
        ...base,
        since: show(paused.since),
        until: show(paused.until),
        ...(paused.since === null
          ? { unsupported: notKept?.('change history') ?? 'no change history records when the deployment was paused' }
          : {}),
      },
    };
  }
  const inactive = inactiveSince(facts);
  if (inactive !== null) {
    const unrecorded = notKept && { notKept: `${notKept('change history')}: since is the schedule's last update` };
    return { verdict: 'SCHEDULE_INACTIVE', evidence: { ...base, since: show(inactive), ...unrecorded } };
  }
  if (at > now) {
    const latestError = facts.errors[0];
    if (latestError !== undefined && (runway.runwayUntil === null || at > runway.runwayUntil)) {
      return { verdict: 'SCHEDULE_ERROR', evidence: { ...base, recorded: recordedErrors(facts) } };
    }
    return {
      verdict: 'NOT_YET_SCHEDULED',
      evidence: {
        ...base,
        runwayUntil: show(runway.runwayUntil),
        heldRuns: runway.heldTimes.length,
        message: `beyond the runs the schedule holds now${runway.runwayUntil ? ` (until ${show(runway.runwayUntil)})` : ''}; the passes top it up as time moves on, and the first pass whose horizon reaches this time creates it`,
      },
    };
  }
  const passes = await facts.store.history!.passesAround(at);
  const errorBefore = passes.before && facts.errors.find((e) => e.pass.now.getTime() === passes.before!.now.getTime());
  if (errorBefore) {
    return {
      verdict: 'SCHEDULE_ERROR',
      evidence: {
        ...base,
        passAt: show(errorBefore.pass.now),
        message: errorBefore.message,
        recorded: recordedErrors(facts),
      },
    };
  }
  if (passes.before === null) {
    const oldest = show(passes.oldest?.now ?? null);
    return {
      verdict: null,
      evidence: { ...base, unsupported: oldest === null ? 'no pass history' : `no pass history before ${oldest}` },
    };
  }
  const policy = facts.catchup;
  const after = passes.after;
  return {
    verdict: 'MISSED_SCHEDULER_DOWN',
    evidence: {
      ...base,
      lastPassBefore: show(passes.before.now),
      firstPassAfter: show(after?.now ?? null),
      message: `no pass ran between ${show(passes.before.now)} and ${after === null ? 'now' : show(after.now)}, when this run was due`,
      catchup: policy,
      whyNotCaughtUp: whyNotCaughtUp(policy),
    },
  };
}

/** The latest apply at or before `at` that removed or replaced a definition firing at `at`, for this schedule. */
function changeThatRemoved(
  facts: ScheduleFacts,
  at: Date,
): { change: RecordedChange; before: ScheduleSnapshot } | null {
  const key = facts.stored.key;
  for (const change of [...facts.changes].reverse()) {
    if (change.at > at) continue;
    const replacesThis = change.details.schedulesAdded?.some((s) => s.key === key) ?? false;
    const candidates = [
      ...(change.details.schedulesChanged ?? []).filter((c) => c.key === key).map((c) => c.before),
      ...(replacesThis ? (change.details.schedulesRemoved ?? []) : []),
    ];
    for (const before of candidates) {
      if (before.active && firesAtDefinition(before.definition, at)) return { change, before };
    }
  }
  return null;
}

function firesAtDefinition(definition: unknown, at: Date): boolean {
  try {
    return firesAt(parseSchedule(definition), at);
  } catch {
    return false;
  }
}

/** The schedule's runs at these instants. */
function runsOfSchedule(facts: ScheduleFacts, instants: Date[]): Promise<RunAtTime[]> {
  return facts.store.findScheduleRunsAt(facts.deployment.id, facts.stored, instants);
}

function runEvidence(run: RunAtTime, timezone: string): Record<string, unknown> {
  return {
    runId: run.id,
    runName: run.name,
    scheduledTime: formatInstant(run.expectedStartTime, timezone),
    state: run.stateType,
    stateName: run.stateName,
    tags: run.tags,
    states: run.states.map((s) => ({
      type: s.type,
      name: s.name,
      timestamp: s.timestamp.toISOString(),
      message: s.message,
    })),
  };
}

function recordedErrors(facts: ScheduleFacts): Array<{ passAt: string; message: string }> {
  return facts.errors
    .slice(0, 3)
    .map((e) => ({ passAt: formatInstant(e.pass.now, facts.timezone), message: e.message }));
}
