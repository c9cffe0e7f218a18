import type { KeyedDeploymentSpec, KeyedScheduleSpec } from './resolveSpecs.js';

/** A deployment as stored, in the fields `apply` compares. */
export interface DeploymentState {
  description: string | null;
  tags: unknown;
  parameters: unknown;
  workQueueName: string | null;
  paused: boolean;
  schedules: ScheduleState[];
}

/** A stored schedule, in the fields `apply` compares. */
export interface ScheduleState {
  id: string;
  key: string;
  schedule: unknown;
  active: boolean;
  parameters: unknown;
  maxScheduledRuns: number | null;
  slug: string | null;
  catchup: string | null;
}

export const COMPARED_FIELDS = ['description', 'tags', 'parameters', 'workQueueName', 'paused'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** Fields whose value runs carry from the moment they are inserted. */
const FIELDS_RUNS_CARRY: readonly ComparedField[] = ['parameters', 'tags', 'workQueueName'];

export interface ScheduleChange {
  spec: KeyedScheduleSpec;
  stored: ScheduleState;
  /**
   * Its definition or `active` changed, or its deployment is being resumed: it becomes
   * active in a new form, and catch-up never reaches before that.
   */
  activeAnew: boolean;
  /** Its future runs no longer match it (anything but the catch-up policy changed). */
  runsAreStale: boolean;
}

export interface DeploymentDiff {
  changedFields: ComparedField[];
  added: KeyedScheduleSpec[];
  /** The file's schedules whose stored row (same key) differs, with that row. */
  changed: ScheduleChange[];
  removed: ScheduleState[];
  /**
   * Every future run of the deployment is stale: what runs carry changed, or the deployment is being
   * paused. Otherwise only the runs of changed and removed schedules are.
   */
  runsAreStale: boolean;
  /** The deployment is being resumed: every schedule becomes active anew. */
  resumed: boolean;
  unchanged: boolean;
}

/** What applying `spec` over `existing` changes (README "Deployments file"): pure, no I/O. */
export function diffDeployment(existing: DeploymentState, spec: KeyedDeploymentSpec): DeploymentDiff {
  const changedFields = COMPARED_FIELDS.filter((field) => !sameJson(existing[field], spec[field]));
  const byKey = new Map(existing.schedules.map((s) => [s.key, s]));
  const wanted = new Set(spec.schedules.map((s) => s.key));
  const added = spec.schedules.filter((s) => !byKey.has(s.key));
  const removed = existing.schedules.filter((s) => !wanted.has(s.key));
  const resumed = existing.paused && !spec.paused;
  const changed = spec.schedules.flatMap((s): ScheduleChange[] => {
    const stored = byKey.get(s.key);
    if (stored === undefined) return [];
    const form = sameJson([stored.schedule, stored.active], [s.canonical, s.active]);
    const runs = sameJson(
      [stored.parameters, stored.maxScheduledRuns, stored.slug],
      [s.parameters, s.maxScheduledRuns, s.slug],
    );
    if (form && runs && sameJson(stored.catchup, s.catchup)) return [];
    return [{ spec: s, stored, activeAnew: !form || resumed, runsAreStale: !form || !runs }];
  });
  const runsAreStale =
    changedFields.some((field) => FIELDS_RUNS_CARRY.includes(field)) || (spec.paused && !existing.paused);
  const unchanged = changedFields.length === 0 && added.length === 0 && removed.length === 0 && changed.length === 0;
  return { changedFields, added, changed, removed, runsAreStale, resumed, unchanged };
}

/** JSON equality with object keys in any order; null and undefined are alike. */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a ?? null)) === JSON.stringify(sortKeys(b ?? null));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
