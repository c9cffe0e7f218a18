/**
 * Reading an interval schedule's fields: the interval (seconds or ISO-8601 duration, as
 * pydantic reads them) and the anchor date with its wall time in the schedule's zone.
 */
import { InvalidScheduleError } from '../errors.js';
import { isoDurationSeconds } from '../isoDuration.js';
import { instantOf, parseIsoParts } from './instant.js';
import { LAST_INSTANT, SECOND_MS } from './units.js';
import type { Zone } from './zone.js';

const DEFAULT_ANCHOR_WALL = Date.UTC(2020, 0, 1);
const INTERVAL_FORM = 'a number of seconds greater than 0 (e.g. 3600) or an ISO-8601 duration (e.g. PT1H)';

/** Interval seconds from a number, a numeric string or an ISO-8601 duration (as pydantic reads them). */
export function parseIntervalSeconds(value: unknown): number {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' ? secondsFromText(value.trim()) : NaN;
  const shown = typeof value === 'string' ? `"${value}"` : String(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidScheduleError('interval', `interval ${shown}: must be ${INTERVAL_FORM}`);
  }
  if (Math.round(seconds * SECOND_MS) < 1) {
    throw new InvalidScheduleError('interval', `interval ${shown}: must be at least 0.001 seconds`);
  }
  if (seconds * SECOND_MS > LAST_INSTANT) {
    throw new InvalidScheduleError('interval', `interval ${shown}: is longer than any usable date range`);
  }
  return seconds;
}

function secondsFromText(text: string): number {
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(text)) return Number(text);
  return isoDurationSeconds(text);
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
