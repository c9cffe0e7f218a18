import { createHash } from 'node:crypto';

/**
 * The part of a run's idempotency key that names its schedule: the slug if it has one,
 * else a short hash of the canonical definition. Never the schedule row's id: Prefect 3
 * used the row id, re-deploys recreated the rows, and users got duplicate runs
 * (PrefectHQ/prefect issues 18894, 17703, 20886).
 */
export function scheduleKeyOf(slug: string | null | undefined, canonicalDefinition: object): string {
  if (slug) return slug;
  return `h-${createHash('sha256').update(JSON.stringify(canonicalDefinition)).digest('hex').slice(0, 12)}`;
}

/** `scheduled <deployment id> <schedule key> <UTC ISO instant>`: one slot, whatever the zone or library. */
export function idempotencyKeyOf(deploymentId: string, scheduleKey: string, scheduledTime: Date): string {
  return `scheduled ${deploymentId} ${scheduleKey} ${scheduledTime.toISOString()}`;
}
