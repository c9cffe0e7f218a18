/**
 * Wall clock <-> instant conversion for IANA time zones, with the SPEC's DST rules:
 * a wall time inside a spring-forward gap is shifted forward by the gap, and a wall time
 * that occurs twice resolves to its first (earlier) occurrence.
 *
 * "Wall ms" are the wall-clock fields encoded as if they were UTC (Date.UTC(y, m, d, ...)),
 * the same floating representation the rrule package and cron-parser in UTC mode use.
 *
 * Intl lookups cost microseconds each, so offsets are cached in buckets of 8 UTC days,
 * sampled every 2 days; a sample pair that differs is binary-searched for its transition
 * (assumed: no two transitions within 2 days that cancel out, true of the tz database
 * for any date a scheduler meets).
 */
import { DAY_MS, LAST_OFFSET_LOOKUP, SECOND_MS } from './units.js';

/** Intl cannot format early years reliably either; offsets before this are taken as constant. */
const FIRST_OFFSET_LOOKUP = Date.UTC(1000, 0, 1);
const SAMPLE_MS = 2 * DAY_MS;
const SAMPLES = 4;
const BUCKET_MS = SAMPLES * SAMPLE_MS;
const MAX_CACHED_BUCKETS = 20_000;

export interface ResolvedWall {
  readonly at: number;
  readonly shiftedByGap: boolean;
}

interface Bucket {
  readonly index: number;
  /** Instants (ms) where the offset changes inside this bucket, increasing. */
  readonly transitions: readonly number[];
  /** offsets[i] holds before transitions[i]; one more entry than transitions. */
  readonly offsets: readonly number[];
  /** True when this bucket and both neighbours share one offset, which allows the fast path. */
  calm: boolean | undefined;
}

export class Zone {
  readonly name: string;
  readonly #fixedOffset: number | null;
  readonly #format: Intl.DateTimeFormat | null;
  readonly #buckets = new Map<number, Bucket>();
  #last: Bucket | null = null;

  constructor(name: string) {
    this.name = name;
    const fixed = name.toUpperCase() === 'UTC';
    this.#fixedOffset = fixed ? 0 : null;
    this.#format = fixed
      ? null
      : new Intl.DateTimeFormat('en-US', {
          timeZone: name,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        });
  }

  /** UTC offset in ms at an instant: wall = instant + offset. */
  offsetAt(ms: number): number {
    if (this.#fixedOffset !== null) return this.#fixedOffset;
    const bucket = this.#bucket(Math.floor(ms / BUCKET_MS));
    const { transitions, offsets } = bucket;
    let i = 0;
    while (i < transitions.length && ms >= transitions[i]!) i++;
    return offsets[i]!;
  }

  /** Wall ms of an instant. */
  wallOf(ms: number): number {
    return ms + this.offsetAt(ms);
  }

  /** Instant for a wall time: earlier occurrence in an overlap, shifted forward in a gap. */
  resolve(wall: number): ResolvedWall {
    if (this.#fixedOffset !== null) return { at: wall - this.#fixedOffset, shiftedByGap: false };
    const bucket = this.#bucket(Math.floor(wall / BUCKET_MS));
    if (bucket.calm === undefined) bucket.calm = this.#isCalm(bucket);
    if (bucket.calm) return { at: wall - bucket.offsets[0]!, shiftedByGap: false };
    // Offsets a day either side bracket the (at most one) transition near this wall time.
    const before = this.offsetAt(wall - DAY_MS);
    const after = this.offsetAt(wall + DAY_MS);
    const atBefore = wall - before;
    if (before === after) return { at: atBefore, shiftedByGap: false };
    const atAfter = wall - after;
    const beforeValid = this.offsetAt(atBefore) === before;
    const afterValid = this.offsetAt(atAfter) === after;
    if (beforeValid && afterValid) return { at: Math.min(atBefore, atAfter), shiftedByGap: false };
    if (beforeValid) return { at: atBefore, shiftedByGap: false };
    if (afterValid) return { at: atAfter, shiftedByGap: false };
    // In a gap: reading the wall time with the pre-transition offset lands it after the
    // transition, moved forward by exactly the gap (02:30 EST -> 03:30 EDT).
    return { at: atBefore, shiftedByGap: true };
  }

  /**
   * Lowest wall time whose resolution can be at or after `ms`: a gap-shifted wall time
   * up to a day before the wall clock at `ms` may still land after it.
   */
  lowestWallReaching(ms: number): number {
    return ms + Math.min(this.offsetAt(ms), this.offsetAt(ms - DAY_MS));
  }

  #bucket(index: number): Bucket {
    const last = this.#last;
    if (last !== null && last.index === index) return last;
    let bucket = this.#buckets.get(index);
    if (bucket === undefined) {
      if (this.#buckets.size >= MAX_CACHED_BUCKETS) this.#buckets.clear();
      bucket = this.#computeBucket(index);
      this.#buckets.set(index, bucket);
    }
    this.#last = bucket;
    return bucket;
  }

  #isCalm(bucket: Bucket): boolean {
    const offset = bucket.offsets[0];
    const prev = this.#bucket(bucket.index - 1);
    const next = this.#bucket(bucket.index + 1);
    this.#last = bucket;
    return [prev, bucket, next].every((b) => b.transitions.length === 0 && b.offsets[0] === offset);
  }

  #computeBucket(index: number): Bucket {
    const from = index * BUCKET_MS;
    // The last sample is the bucket's last whole second, which stays inside the bucket.
    const { first, transitions, offsets } = scanOffsetChanges(from, from + BUCKET_MS - SECOND_MS, SAMPLE_MS, (ms) =>
      this.#intlOffset(ms),
    );
    return { index, transitions, offsets: [first, ...offsets], calm: transitions.length === 0 ? undefined : false };
  }

  #intlOffset(ms: number): number {
    const clamped = Math.min(Math.max(ms, FIRST_OFFSET_LOOKUP), LAST_OFFSET_LOOKUP);
    const seconds = Math.floor(clamped / SECOND_MS) * SECOND_MS;
    const fields: Record<string, number> = {};
    for (const part of this.#format!.formatToParts(seconds)) {
      if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const wall = Date.UTC(fields.year!, fields.month! - 1, fields.day!, fields.hour!, fields.minute!, fields.second!);
    return wall - seconds;
  }
}

const zones = new Map<string, Zone>();

/**
 * The offset changes in (from, to]: `offsetAt` sampled every `stepMs` (and at `to`), each
 * sample pair that differs bisected to the second (assumed: no two changes within a step
 * that cancel out). Returns the offset at `from` and, per change, its instant and the
 * offset after it. Shared by the reference zone and the fast zone table, which read
 * offsets from Intl in two different ways on purpose (they check each other).
 */
export function scanOffsetChanges(
  from: number,
  to: number,
  stepMs: number,
  offsetAt: (ms: number) => number,
): { first: number; transitions: number[]; offsets: number[] } {
  const transitions: number[] = [];
  const offsets: number[] = [];
  const first = offsetAt(from);
  let previous = first;
  for (let at = from; at < to; ) {
    const next = Math.min(at + stepMs, to);
    const offset = offsetAt(next);
    if (offset !== previous) {
      transitions.push(findOffsetChange(at, next, previous, offsetAt));
      offsets.push(offset);
      previous = offset;
    }
    at = next;
  }
  return { first, transitions, offsets };
}

/** The first whole second in (from, to] whose UTC offset differs from fromOffset, by bisection. */
function findOffsetChange(from: number, to: number, fromOffset: number, offsetAt: (ms: number) => number): number {
  let lo = Math.floor(from / SECOND_MS);
  let hi = Math.floor(to / SECOND_MS);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid * SECOND_MS) === fromOffset) lo = mid;
    else hi = mid;
  }
  return hi * SECOND_MS;
}

const knownZoneNames = new Set<string>();

/** True when Intl knows the zone and it is a name, not a bare UTC offset. Memoised: asking
 *  Intl costs ~0.1 ms, paid once per schedule per pass otherwise. */
export function isKnownTimeZone(name: string): boolean {
  if (knownZoneNames.has(name)) return true;
  if (!/^[A-Za-z]/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
  } catch {
    return false;
  }
  knownZoneNames.add(name);
  return true;
}

/** Shared Zone per name (callers validate names first, see isKnownTimeZone). */
export function getZone(name: string): Zone {
  let zone = zones.get(name);
  if (zone === undefined) {
    zone = new Zone(name);
    zones.set(name, zone);
  }
  return zone;
}
