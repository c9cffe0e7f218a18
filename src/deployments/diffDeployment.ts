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
}

export const COMPARED_FIELDS = ['description', 'tags', 'parameters', 'workQueueName', 'paused'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** Fields whose value runs carry from the moment they are inserted. */
const FIELDS_RUNS_CARRY: readonly ComparedField[] = ['parameters', 'tags', 'workQueueName'];

export interface DeploymentDiff {
  changedFields: ComparedField[];
  added: KeyedScheduleSpec[];
  /** The file's schedules whose stored row (same key) differs, with that row. */
  changed: Array<{ spec: KeyedScheduleSpec; stored: ScheduleState }>;
  removed: ScheduleState[];
  /**
   * Every future run of the deployment is stale: what runs carry changed, or the deployment is being
   * paused. Otherwise only the runs of changed and removed schedules are.
   */
  runsAreStale: boolean;
  unchanged: boolean;
}

/** What applying `spec` over `existing` changes (README "Deployments file"): pure, no I/O. */
export function diffDeployment(existing: DeploymentState, spec: KeyedDeploymentSpec): DeploymentDiff {
  const changedFields = COMPARED_FIELDS.filter((field) => !sameJson(existing[field], spec[field]));
  const byKey = new Map(existing.schedules.map((s) => [s.key, s]));
  const wanted = new Set(spec.schedules.map((s) => s.key));
  const added = spec.schedules.filter((s) => !byKey.has(s.key));
  const removed = existing.schedules.filter((s) => !wanted.has(s.key));
  const changed = spec.schedules.flatMap((s) => {
    const stored = byKey.get(s.key);
    const same =
      stored === undefined ||
      sameJson(
        [stored.schedule, stored.active, stored.parameters, stored.maxScheduledRuns, stored.slug],
        [s.canonical, s.active, s.parameters, s.maxScheduledRuns, s.slug],
      );
    return same ? [] : [{ spec: s, stored: stored! }];
  });
  const runsAreStale =
    changedFields.some((field) => FIELDS_RUNS_CARRY.includes(field)) || (spec.paused && !existing.paused);
  const unchanged = changedFields.length === 0 && added.length === 0 && removed.length === 0 && changed.length === 0;
  return { changedFields, added, changed, removed, runsAreStale, unchanged };
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
