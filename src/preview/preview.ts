import type { Database } from '../db/openDatabase.js';
import { applyDeployments } from '../deployments/applyDeployments.js';
import { listDeployments, schedulerModel } from '../deployments/deploymentStore.js';
import type { KeyedDeploymentSpec } from '../deployments/resolveSpecs.js';
import { idempotencyKeyOf } from '../runs/idempotency.js';
import { getOccurrences, parseSchedule, timezoneOf, type Occurrence, type Schedule } from '../schedule/index.js';
import { planScheduleRuns, type RunPlanLimits } from '../pass/planScheduleRuns.js';
import { planCatchup, type CatchupSettings } from '../pass/catchupPolicy.js';
import { findHeldSlots, type DataModelAccess } from '../pass/passStore.js';
import { asObject, findExistingKeys, type DeploymentToSchedule } from '../pass/schedulingStore.js';
import type { ApplyReport } from '../deployments/applyDeployments.js';
import { previewSchedule, type PreviewRun, type PreviewStatus, type PreviewWindow } from './previewSchedule.js';

export { previewSchedule, type PreviewRun, type PreviewStatus, type PreviewWindow } from './previewSchedule.js';

/**
 * Which dates to show for a schedule: with neither --count nor --end, exactly the runs a
 * pass at `start` would hold (the pass's own planScheduleRuns); otherwise the window.
 */
function occurrencesFor(schedule: Schedule, window: PreviewWindow, limits: RunPlanLimits): Occurrence[] {
  if (window.count === undefined && window.end === undefined) return planScheduleRuns(schedule, window.start, limits);
  return getOccurrences(schedule, { start: window.start, end: window.end ?? null, count: window.count ?? null });
}

interface PlannedSchedule {
  deployment: string;
  key: string;
  definition: Record<string, unknown>;
  maxScheduledRuns: number | null;
  /** The missed slots the next pass would catch up. */
  catchUp: Occurrence[];
  /** Of these dates, the indexes whose slot holds a run that stays: status `scheduled`. */
  held(dates: Occurrence[]): Promise<Set<number>>;
}

async function markRuns(
  planned: PlannedSchedule[],
  window: PreviewWindow,
  limits: RunPlanLimits,
): Promise<PreviewRun[]> {
  const runs: PreviewRun[] = [];
  for (const p of planned) {
    const schedule = parseSchedule(p.definition);
    const occurrences = occurrencesFor(schedule, window, { ...limits, maxScheduledRuns: p.maxScheduledRuns });
    const held = await p.held(occurrences);
    const run = (o: Occurrence, status: PreviewStatus): PreviewRun => ({
      deployment: p.deployment,
      schedule: p.definition,
      scheduleKey: p.key,
      timezone: schedule.timezone,
      scheduledTime: o.at,
      micro: o.micro,
      shiftedByGap: o.shiftedByGap,
      status,
    });
    for (const o of p.catchUp) runs.push(run(o, 'catch-up'));
    occurrences.forEach((o, i) => {
      runs.push(run(o, held.has(i) ? 'scheduled' : 'new'));
    });
  }
  return runs;
}

/**
 * The missed slots a pass at `now` would catch up, by schedule id: the pass's own
 * selection, facts and policy (README "Catch-up after downtime"). None on another data
 * model's database, as in the pass.
 */
async function catchUpRuns(
  { db, store }: DataModelAccess,
  deployments: DeploymentToSchedule[],
  now: Date,
  limits: RunPlanLimits & CatchupSettings,
): Promise<Map<string, Occurrence[]>> {
  const byId = new Map<string, Occurrence[]>();
  if (!store.ownTables || deployments.length === 0) return byId;
  const thresholds = {
    now,
    minRuns: limits.minRuns,
    maxRuns: limits.maxRuns,
    minUntil: new Date(now.getTime() + limits.minScheduledTime * 1000),
  };
  const ids = deployments.map((d) => d.id);
  const selected = new Set(await store.selectDeploymentsToSchedule(db, null, ids.length, thresholds, ids));
  for (const deployment of deployments.filter((d) => selected.has(d.id))) {
    for (const schedule of deployment.schedules) {
      try {
        byId.set(schedule.id, planCatchup(parseSchedule(schedule.definition), schedule, now, limits).runs);
      } catch {
        // An invalid schedule fails in the plan below, with its message.
      }
    }
  }
  return byId;
}

/**
 * Deployments in the database (named, or every unpaused one with an active schedule), on
 * any data model: each date's run is built as the pass would build it there, and marked
 * `scheduled` when the pass's insert would skip it. Without --count or --end, exactly what
 * a pass at `start` would insert: its catch-up runs (status `catch-up`) and its future runs.
 */
export async function previewStoredDeployments(
  model: DataModelAccess,
  names: string[],
  window: PreviewWindow,
  limits: RunPlanLimits & CatchupSettings,
): Promise<PreviewRun[]> {
  const { db, store } = model;
  const stored =
    names.length > 0
      ? await Promise.all(names.map((name) => model.deployments.find(name)))
      : (await model.deployments.list()).filter((d) => !d.paused);
  const deployments = await store.loadDeploymentsToSchedule(db, [...new Set(stored.map((d) => d.id))]);
  const passPlan = window.count === undefined && window.end === undefined;
  const catchUp = passPlan ? await catchUpRuns(model, deployments, window.start, limits) : new Map();
  const nowMs = window.start.getTime();
  const planned = deployments.flatMap((d) =>
    d.schedules.map(
      (s): PlannedSchedule => ({
        deployment: `${d.flowName}/${d.name}`,
        key: s.key,
        definition: asObject(s.definition),
        maxScheduledRuns: s.maxScheduledRuns,
        catchUp: catchUp.get(s.id) ?? [],
        held: (dates) => findHeldSlots(store, db.sql, store.buildScheduledRuns(d, s, dates, nowMs)),
      }),
    ),
  );
  return sortRuns(await markRuns(planned, window, limits));
}

/** Deployments in the tool's own database (previewStoredDeployments). */
export async function previewDeployments(
  db: Database,
  names: string[],
  window: PreviewWindow,
  limits: RunPlanLimits & CatchupSettings,
): Promise<PreviewRun[]> {
  return previewStoredDeployments(schedulerModel(db), names, window, limits);
}

/**
 * A deployments file as a plan: applying it is rehearsed in a transaction that is rolled
 * back, which yields the runs it would delete; then each deployment's schedules are
 * planned as the next pass (or apply itself) would, marked `scheduled` when the run exists
 * and survives. Returns the rehearsal's report too (`apply --dry-run`).
 */
export async function planDeploymentsFile(
  db: Database,
  specs: KeyedDeploymentSpec[],
  window: PreviewWindow,
  limits: RunPlanLimits,
  now: Date,
  prune = false,
): Promise<{ report: ApplyReport; runs: PreviewRun[] }> {
  const rehearsal = await applyDeployments(db, specs, { now, prune, dryRun: true });
  const deletedKeys = new Set(rehearsal.deletedRuns.map((r) => r.idempotencyKey ?? ''));
  const stored = new Map((await listDeployments(db)).map((d) => [d.name, d]));
  const planned: PlannedSchedule[] = [];
  for (const spec of specs) {
    if (spec.paused) continue;
    const existing = stored.get(`${spec.flowName}/${spec.name}`);
    for (const s of spec.schedules.filter((schedule) => schedule.active)) {
      planned.push({
        deployment: `${spec.flowName}/${spec.name}`,
        key: s.key,
        definition: s.canonical,
        maxScheduledRuns: s.maxScheduledRuns,
        catchUp: [],
        // A run the file would delete does not stay; a deployment not yet stored has none.
        held: async (dates) => {
          if (existing === undefined) return new Set();
          const runs = dates.map((o) => ({
            flowId: existing.flowId,
            idempotencyKey: idempotencyKeyOf(existing.id, s.key, o),
          }));
          const found = await findHeldSlots({ heldSlots: findExistingKeys }, db.sql, runs);
          return new Set([...found].filter((i) => !deletedKeys.has(runs[i]!.idempotencyKey)));
        },
      });
    }
  }
  const runs = await markRuns(planned, window, limits);
  const scheduleOf = new Map(
    [...stored.values()].flatMap((d) => d.schedules.map((s) => [s.id, { deployment: d.name, schedule: s }] as const)),
  );
  for (const deleted of rehearsal.deletedRuns) {
    const owner = deleted.deploymentScheduleId ? scheduleOf.get(deleted.deploymentScheduleId) : undefined;
    runs.push({
      deployment: owner?.deployment ?? null,
      schedule: owner?.schedule.definition ?? {},
      scheduleKey: owner?.schedule.key ?? null,
      timezone: timezoneOf(owner?.schedule.definition) ?? 'UTC',
      scheduledTime: deleted.expectedStartTime,
      micro: 0,
      shiftedByGap: false,
      status: 'delete',
    });
  }
  return { report: rehearsal, runs: sortRuns(runs) };
}

/** A deployments file as a plan (planDeploymentsFile), its runs only. */
export async function previewDeploymentsFile(
  db: Database,
  specs: KeyedDeploymentSpec[],
  window: PreviewWindow,
  limits: RunPlanLimits,
  now: Date,
): Promise<PreviewRun[]> {
  return (await planDeploymentsFile(db, specs, window, limits, now)).runs;
}

/** Time order; then deployment and schedule key, so runs at one instant come out the same on every data model. */
function sortRuns(runs: PreviewRun[]): PreviewRun[] {
  return runs.sort(
    (a, b) =>
      a.scheduledTime.getTime() - b.scheduledTime.getTime() ||
      String(a.deployment).localeCompare(String(b.deployment)) ||
      String(a.scheduleKey).localeCompare(String(b.scheduleKey)),
  );
}

export type PreviewRequest =
  | { schedule: Schedule; window: PreviewWindow }
  | { db: Database; deployments?: string[]; window: PreviewWindow; limits: RunPlanLimits & CatchupSettings }
  | { db: Database; specs: KeyedDeploymentSpec[]; window: PreviewWindow; limits: RunPlanLimits; now: Date };

/** Upcoming runs from the three sources of SPEC section 1, in time order; writes nothing. */
export async function preview(request: PreviewRequest): Promise<PreviewRun[]> {
  if ('schedule' in request) return previewSchedule(request.schedule, request.window);
  if ('specs' in request)
    return previewDeploymentsFile(request.db, request.specs, request.window, request.limits, request.now);
  return previewDeployments(request.db, request.deployments ?? [], request.window, request.limits);
}
