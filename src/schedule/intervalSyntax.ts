/**
 * Reading an interval schedule's fields: the interval (a duration, README "Durations") and
 * the anchor date with its wall time in the schedule's zone.
 */
import { InvalidScheduleError } from '../errors.js';
import { outOfRange, readDuration } from '../durations.js';
import { instantOf, parseIsoParts } from './instant.js';
import { LAST_INSTANT, MICROS_PER_MS, MICROS_PER_SECOND, SECOND_MS } from './units.js';
import type { Zone } from './zone.js';

const DEFAULT_ANCHOR_WALL = Date.UTC(2020, 0, 1);

export interface IntervalLength {
  /** As given. */
  seconds: number;
  /** Whole milliseconds. */
  ms: number;
  /** Microseconds beyond `ms` (0-999). */
  micro: number;
}

/**
 * Interval seconds from a number or a duration's text, read as every duration is (README
 * "Durations"), and split to the microsecond as Python's timedelta(seconds=...) rounds it.
 */
export function parseIntervalSeconds(value: unknown): IntervalLength {
  const reading = readDuration(value, 'positive');
  if ('problem' in reading) throw new InvalidScheduleError('interval', `interval: ${reading.problem}`);
  const { seconds } = reading;
  // Whole seconds apart, so the fraction's microseconds are exact however long the interval.
  const whole = Math.floor(seconds);
  const fractionMicros = Math.round((seconds - whole) * MICROS_PER_SECOND);
  const ms = whole * SECOND_MS + Math.floor(fractionMicros / MICROS_PER_MS);
  if (ms < 1) {
    throw new InvalidScheduleError('interval', `interval: ${outOfRange(value, 'at least 0.001 seconds')}`);
  }
  if (seconds * SECOND_MS > LAST_INSTANT) {
    throw new InvalidScheduleError(
      'interval',
      `interval: ${outOfRange(value, `at most ${LAST_INSTANT / SECOND_MS} seconds (the range of usable dates)`)}`,
    );
  }
  return { seconds, ms, micro: fractionMicros % MICROS_PER_MS };
}

export interface Anchor {
  anchor: number;
  /** Microseconds beyond `anchor` (0-999). */
  anchorMicro: number;
  anchorWall: number;
}

/** The anchor instant and wall time; default 2020-01-01T00:00 in the zone. */
export function parseAnchor(value: unknown, zone: Zone): Anchor {
  if (value === undefined || value === null) {
    return { anchor: zone.resolve(DEFAULT_ANCHOR_WALL).at, anchorMicro: 0, anchorWall: DEFAULT_ANCHOR_WALL };
  }
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return { anchor: value.getTime(), anchorMicro: 0, anchorWall: zone.wallOf(value.getTime()) };
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
  return { anchor, anchorMicro: parts.micro, anchorWall: parts.offset === null ? parts.wall : zone.wallOf(anchor) };
}
