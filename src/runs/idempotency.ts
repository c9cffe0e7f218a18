import { createHash } from 'node:crypto';
import type { Occurrence } from '../schedule/index.js';

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

/**
 * `scheduled <deployment id> <schedule key> <UTC ISO instant>`: one slot, whatever the zone
 * or library. The instant has milliseconds, and six digits when the time has microseconds
 * (an interval anchored or stepping with them).
 */
export function idempotencyKeyOf(deploymentId: string, scheduleKey: string, scheduled: Occurrence): string {
  const iso = scheduled.at.toISOString();
  const instant = scheduled.micro === 0 ? iso : `${iso.slice(0, 23)}${String(scheduled.micro).padStart(3, '0')}Z`;
  return `scheduled ${deploymentId} ${scheduleKey} ${instant}`;
}
