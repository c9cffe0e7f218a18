/**
 * The canonical form of a schedule: plain JSON, fixed key order, defaults filled in, so
 * that spellings of one schedule (timezone null vs "UTC", "RRULE:" prefix or not, 3600 vs
 * 3600.0, anchor "Z" vs "+00:00") hash to the same schedule key.
 */
import { formatInstant, formatWall } from './instant.js';
import type { Schedule } from './types.js';
import { MICROS_PER_MS, MICROS_PER_SECOND } from './units.js';
import { getZone } from './zone.js';

export type CanonicalDefinition =
  | { cron: string; timezone: string; day_or: boolean }
  | { interval: number; anchor_date: string; timezone: string }
  | { rrule: string; timezone: string };

export function canonicalDefinition(schedule: Schedule): CanonicalDefinition {
  switch (schedule.kind) {
    case 'cron':
      return { cron: schedule.cron, timezone: schedule.timezone, day_or: schedule.dayOr };
    case 'interval':
      return {
        interval: (schedule.intervalMs * MICROS_PER_MS + schedule.intervalMicro) / MICROS_PER_SECOND,
        anchor_date: canonicalAnchor(schedule),
        timezone: schedule.timezone,
      };
    case 'rrule':
      return { rrule: schedule.rrule, timezone: schedule.timezone };
  }
}

/**
 * The zone a stored schedule definition (canonical or as written) names, or null when it
 * names none (UTC then). Read from the stored JSON without parsing it, so a definition this
 * version would refuse still shows its times in its own zone.
 */
export function timezoneOf(definition: unknown): string | null {
  const tz = (definition as { timezone?: unknown } | null | undefined)?.timezone;
  return typeof tz === 'string' && tz !== '' ? tz : null;
}

/** The anchor with its offset; a wall time inside a DST gap has none, so it stays bare. */
function canonicalAnchor(schedule: Extract<Schedule, { kind: 'interval' }>): string {
  const zone = getZone(schedule.timezone);
  return zone.resolve(schedule.anchorWall).shiftedByGap
    ? formatWall(schedule.anchorWall)
    : formatInstant(schedule.anchor, zone, schedule.anchorMicro);
}
