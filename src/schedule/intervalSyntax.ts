/**
 * Reading an interval schedule's fields: the interval (a duration, README "Durations") and
 * the anchor date with its wall time in the schedule's zone.
 */
import { InvalidScheduleError } from '../errors.js';
import { outOfRange, readDuration } from '../durations.js';
import { instantOf, parseIsoParts } from './instant.js';
import { LAST_INSTANT, SECOND_MS } from './units.js';
import type { Zone } from './zone.js';

const DEFAULT_ANCHOR_WALL = Date.UTC(2020, 0, 1);

/** Interval seconds from a number or a duration's text, read as every duration is (README "Durations"). */
export function parseIntervalSeconds(value: unknown): number {
  const reading = readDuration(value, 'positive');
  if ('problem' in reading) throw new InvalidScheduleError('interval', `interval: ${reading.problem}`);
  const { seconds } = reading;
  if (Math.round(seconds * SECOND_MS) < 1) {
    throw new InvalidScheduleError('interval', `interval: ${outOfRange(value, 'at least 0.001 seconds')}`);
  }
  if (seconds * SECOND_MS > LAST_INSTANT) {
    throw new InvalidScheduleError(
      'interval',
      `interval: ${outOfRange(value, `at most ${LAST_INSTANT / SECOND_MS} seconds (the range of usable dates)`)}`,
    );
  }
  return seconds;
}

/** The anchor instant and wall time; default 2020-01-01T00:00 in the zone. */
export function parseAnchor(value: unknown, zone: Zone): { anchor: number; anchorWall: number } {
  if (value === undefined || value === null) {
    return { anchor: zone.resolve(DEFAULT_ANCHOR_WALL).at, anchorWall: DEFAULT_ANCHOR_WALL };
  }
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return { anchor: value.getTime(), anchorWall: zone.wallOf(value.getTime()) };
  }
  const parts = typeof value === 'string' ? parseIsoParts(value) : null;
  if (parts === null) {
    throw new InvalidScheduleError(
      'anchor_date',
      `anchor_date ${JSON.stringify(value)}: must be an ISO-8601 date-time such as "2026-01-01T00:00:00Z" (without an offset it is wall time in the schedule's timezone)`,
    );
  }
  const anchor = instantOf(parts, zone);
  // An offset fixes the instant only; the wall time that repeats is the one in the zone.
  return { anchor, anchorWall: parts.offset === null ? parts.wall : zone.wallOf(anchor) };
}
