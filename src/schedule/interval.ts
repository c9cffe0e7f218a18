/**
 * Interval schedules. Under a day: elapsed time from the anchor. A day or more: whole days
 * on the wall clock counted from the anchor (so 09:00 stays 09:00 in every season, and a
 * gap moves only its own occurrence), plus any remainder as elapsed time.
 *
 * Both evaluations share the stepping below and differ only in how the m-th occurrence is
 * found to the millisecond: the fast path by epoch arithmetic and the zone table, the
 * reference path by luxon (DateTime.plus in the zone, then the SPEC's gap and overlap
 * rules). The microseconds of the anchor and the interval (Python keeps both) are added
 * by the stepping, exactly, as a carry into the milliseconds and a 0-999 remainder.
 */
import { DateTime } from './luxon.js';
import type { IntervalSchedule } from './types.js';
import type { RawOccurrence } from './wallTimes.js';
import { DAY_MS, LAST_INSTANT, MICROS_PER_MS, MINUTE_MS } from './units.js';
import { getZoneTable } from './zoneTable.js';

/** The m-th occurrence counted from the anchor (m may be negative), without the microseconds. */
type NthOccurrence = (m: number) => RawOccurrence;

export function iterateIntervalFast(schedule: IntervalSchedule, startMs: number): Generator<RawOccurrence> {
  const { days, remainder } = split(schedule);
  if (days === 0) {
    const anchor = schedule.anchor.getTime();
    return steps(schedule, startMs, (m) => ({ at: anchor + m * remainder, shiftedByGap: false }));
  }
  const table = getZoneTable(schedule.timezone);
  const dayStep = days * DAY_MS;
  return steps(schedule, startMs, (m) => {
    const resolved = table.resolve(schedule.anchorWall + m * dayStep);
    return { at: resolved.at + m * remainder, shiftedByGap: resolved.shiftedByGap };
  });
}

export function iterateIntervalReference(schedule: IntervalSchedule, startMs: number): Generator<RawOccurrence> {
  const { days, remainder } = split(schedule);
  if (days === 0) {
    const anchor = DateTime.fromMillis(schedule.anchor.getTime(), { zone: schedule.timezone });
    return steps(schedule, startMs, (m) => ({
      at: anchor.plus({ milliseconds: m * remainder }).toMillis(),
      shiftedByGap: false,
    }));
  }
  // The anchor's wall time as floating UTC fields: plus({ days }) there is pure calendar math.
  const anchorWall = DateTime.fromMillis(schedule.anchorWall, { zone: 'utc' });
  return steps(schedule, startMs, (m) => {
    const wall = anchorWall.plus({ days: m * days });
    // luxon moves a wall time in a gap forward by the gap; of a repeated one, take the first.
    const placed = wall.setZone(schedule.timezone, { keepLocalTime: true });
    const first = placed.getPossibleOffsets().reduce((a, b) => (b.toMillis() < a.toMillis() ? b : a));
    const shiftedByGap = first.toMillis() + first.offset * MINUTE_MS !== wall.toMillis();
    return { at: first.toMillis() + m * remainder, shiftedByGap };
  });
}

/** Whole days (0 under a day) and the elapsed remainder of each step. */
function split(schedule: IntervalSchedule): { days: number; remainder: number } {
  const days = Math.floor(schedule.intervalMs / DAY_MS);
  return { days, remainder: schedule.intervalMs - days * DAY_MS };
}

/**
 * anchorMicro + m * intervalMicro as whole ms and a 0-999 remainder, exact for any m a
 * Date can reach: m is split at 1000 so no product leaves the doubles' integers.
 */
function microsOf(schedule: IntervalSchedule, m: number): { carry: number; micro: number } {
  const thousands = Math.floor(m / MICROS_PER_MS);
  const rest = schedule.anchorMicro + (m - thousands * MICROS_PER_MS) * schedule.intervalMicro;
  const carry = Math.floor(rest / MICROS_PER_MS);
  return { carry: thousands * schedule.intervalMicro + carry, micro: rest - carry * MICROS_PER_MS };
}

function* steps(schedule: IntervalSchedule, startMs: number, nthMs: NthOccurrence): Generator<RawOccurrence> {
  const exact = schedule.anchorMicro !== 0 || schedule.intervalMicro !== 0;
  const nth = (m: number): RawOccurrence => {
    if (!exact) return nthMs(m);
    const { at, shiftedByGap } = nthMs(m);
    const { carry, micro } = microsOf(schedule, m);
    return { at: at + carry, micro, shiftedByGap };
  };
  // Estimate by elapsed time, then correct for DST differences between anchor and start.
  // `start` is whole milliseconds, so an occurrence is at or after it when its ms are.
  const stepMs = schedule.intervalMs + schedule.intervalMicro / MICROS_PER_MS;
  let m = Math.floor((startMs - schedule.anchor.getTime()) / stepMs);
  while (nth(m).at >= startMs) m--;
  while (nth(m).at < startMs) m++;
  let last = -Infinity;
  for (; ; m++) {
    const occurrence = nth(m);
    if (occurrence.at > LAST_INSTANT) return;
    // A gap as long as the step (Samoa skipped 2011-12-30) can land on the next occurrence.
    // Steps are at least 1 ms, so distinct occurrences never share their milliseconds.
    if (occurrence.at <= last) continue;
    last = occurrence.at;
    yield occurrence;
  }
}
