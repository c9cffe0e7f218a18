/**
 * The fast path's time zone: a zone's UTC offset changes as one sorted table, filled from
 * Intl on first use (a few months at a time, growing as dates move on) and binary-searched
 * after that. Dates arrive in order, so the calm stretch of wall time last resolved is kept
 * and most lookups are two comparisons.
 *
 * Same rules as zone.ts (the reference): a wall time inside a gap is read with the offset
 * before the transition (moved forward by the gap), a repeated one takes the earlier
 * instant. Both come out of one formula: the wall time belongs to the last segment whose
 * calm wall stretch has started, and is read with that segment's offset.
 *
 * Offsets are sampled daily and binary-searched to the second (assumed: no two transitions
 * within a day that cancel out). From 2100 on, every zone follows its final rule, which
 * repeats with the Gregorian calendar every 400 years (146,097 days, a whole number of
 * weeks): later dates are read from the 2100-2499 copy. Dates before 1900 or after 9999
 * are left to zone.ts.
 */
import { DAY_MS, HOUR_MS, LAST_OFFSET_LOOKUP, MINUTE_MS, SECOND_MS } from './units.js';
import { getZone, scanOffsetChanges, type ResolvedWall } from './zone.js';

/** One year past the 2100-2499 cycle, so a cycle's last days keep their margin. */
const TABLE_YEARS = { first: 1900, end: 2501 } as const;
const TABLE_START = Date.UTC(TABLE_YEARS.first, 0, 1);
const TABLE_END = Date.UTC(TABLE_YEARS.end, 0, 1);
const CYCLE_START = Date.UTC(2100, 0, 1);
const CYCLE_MS = 146_097 * DAY_MS;
/**
 * Months read per growth step, ahead of the date that asked: an Intl reading costs ~6 us and
 * a month takes ~30 of them, so a preview of a few days does not pay for years it never shows.
 */
const GROWTH_MONTHS = 3;
/** Wall time and instant differ by at most 26 hours; keep that much table either side. */
const MARGIN_MS = 2 * DAY_MS;
const LONG_OFFSET = /^GMT(?:([+-])(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

export class ZoneTable {
  readonly name: string;
  readonly #format: Intl.DateTimeFormat | null;
  /** Instants [#from, #to) are in the table. */
  #from = NaN;
  #to = NaN;
  #transitions: number[] = [];
  /** #offsets[0] holds from #from; #offsets[i + 1] from #transitions[i]. */
  #offsets: number[] = [];
  /** Walls from #calmFrom[i] on resolve with #offsets[i]; one more entry (Infinity). */
  #calmFrom: number[] = [];
  /** Walls from #calmTo[i] (up to #calmFrom[i + 1]) are in the gap/overlap of transition i. */
  #calmTo: number[] = [];
  // The last segment hit, clipped to the table: [#hotLow, #hotHigh).
  #hotLow = 0;
  #hotHigh = 0;
  #hotOffset = 0;
  #hotCalmTo = 0;
  #hotGap = false;

  constructor(name: string) {
    this.name = name;
    const fixed = name.toUpperCase() === 'UTC';
    this.#format = fixed ? null : new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' });
    if (fixed) this.#setHot(-Infinity, Infinity, 0, Infinity, false);
  }

  /** Instant for a wall time (floating ms): earlier occurrence in an overlap, shifted in a gap. */
  resolve(wall: number): ResolvedWall {
    if (wall >= this.#hotLow && wall < this.#hotHigh) {
      return { at: wall - this.#hotOffset, shiftedByGap: this.#hotGap && wall >= this.#hotCalmTo };
    }
    const shift = cycleShift(wall);
    if (shift === null || !this.#covers(wall - shift)) return getZone(this.name).resolve(wall);
    const local = wall - shift;
    const i = lastAtOrBefore(this.#calmFrom, local);
    const nextOffset = this.#offsets[i + 1] ?? this.#offsets[i]!;
    const low = Math.max(this.#calmFrom[i]!, this.#from + MARGIN_MS);
    const high = Math.min(this.#calmFrom[i + 1]!, this.#to - MARGIN_MS);
    this.#setHot(
      low + shift,
      high + shift,
      this.#offsets[i]!,
      this.#calmTo[i]! + shift,
      nextOffset > this.#offsets[i]!,
    );
    return this.resolve(wall);
  }

  /** UTC offset in ms at an instant. */
  offsetAt(ms: number): number {
    if (this.#format === null) return 0;
    const shift = cycleShift(ms);
    if (shift === null || !this.#covers(ms - shift)) return getZone(this.name).offsetAt(ms);
    return this.#offsets[lastAtOrBefore(this.#transitions, ms - shift) + 1]!;
  }

  /** Lowest wall time whose resolution can be at or after `ms` (see Zone.lowestWallReaching). */
  lowestWallReaching(ms: number): number {
    return ms + Math.min(this.offsetAt(ms), this.offsetAt(ms - DAY_MS));
  }

  #setHot(low: number, high: number, offset: number, calmTo: number, gap: boolean): void {
    this.#hotLow = low;
    this.#hotHigh = high;
    this.#hotOffset = offset;
    this.#hotCalmTo = calmTo;
    this.#hotGap = gap;
  }

  /** Grows the table to hold `ms` with its margin; false when that is outside TABLE_YEARS. */
  #covers(ms: number): boolean {
    if (ms - MARGIN_MS >= this.#from && ms + MARGIN_MS < this.#to) return true;
    if (!(ms - MARGIN_MS >= TABLE_START && ms + MARGIN_MS < TABLE_END)) return false;
    const low = new Date(ms - MARGIN_MS);
    const high = new Date(ms + MARGIN_MS);
    const from = Date.UTC(low.getUTCFullYear(), low.getUTCMonth(), 1);
    const to = Math.min(TABLE_END, Date.UTC(high.getUTCFullYear(), high.getUTCMonth() + GROWTH_MONTHS, 1));
    if (Number.isNaN(this.#from)) {
      this.#from = from;
      this.#to = from;
      this.#offsets = [this.#intlOffset(from)];
    }
    if (from < this.#from) {
      const below = this.#scan(from, this.#from);
      this.#transitions = [...below.transitions, ...this.#transitions];
      this.#offsets = [below.first, ...below.offsets, ...this.#offsets.slice(1)];
      this.#from = from;
    }
    if (to > this.#to) {
      const above = this.#scan(this.#to, to);
      this.#transitions.push(...above.transitions);
      this.#offsets.push(...above.offsets);
      this.#to = to;
    }
    this.#deriveCalmStretches();
    return true;
  }

  /** Transitions in (from, to], with the offset after each, and the offset at `from`. */
  #scan(from: number, to: number): { first: number; transitions: number[]; offsets: number[] } {
    return scanOffsetChanges(from, to, DAY_MS, (ms) => this.#intlOffset(ms));
  }

  #deriveCalmStretches(): void {
    const offsets = this.#offsets;
    const transitions = this.#transitions;
    this.#calmFrom = [-Infinity, ...transitions.map((t, i) => t + Math.max(offsets[i]!, offsets[i + 1]!)), Infinity];
    this.#calmTo = [...transitions.map((t, i) => t + Math.min(offsets[i]!, offsets[i + 1]!)), Infinity];
    this.#setHot(0, 0, 0, 0, false);
  }

  /** Offset from Intl's "GMT-04:56:02" form (a different reading from zone.ts on purpose). */
  #intlOffset(ms: number): number {
    const parts = this.#format!.formatToParts(ms);
    const text = parts.find((part) => part.type === 'timeZoneName')?.value ?? '';
    const m = LONG_OFFSET.exec(text);
    if (m === null) throw new RangeError(`time zone ${this.name}: unreadable offset "${text}"`);
    if (m[1] === undefined) return 0;
    const size = Number(m[2]) * HOUR_MS + Number(m[3]) * MINUTE_MS + Number(m[4] ?? 0) * SECOND_MS;
    return m[1] === '-' ? -size : size;
  }
}

/**
 * How far to move a time back, in whole 400-year cycles, to land in the table's copy of
 * the final rule (0 before 2500); null past the years Intl is read for.
 */
function cycleShift(ms: number): number | null {
  if (ms < CYCLE_START + CYCLE_MS) return 0;
  // zone.ts stops reading Intl at LAST_OFFSET_LOOKUP; so does the table.
  if (ms >= LAST_OFFSET_LOOKUP - MARGIN_MS) return null;
  return Math.floor((ms - CYCLE_START - MARGIN_MS) / CYCLE_MS) * CYCLE_MS;
}

/** Index of the last entry <= value in an increasing array (-1 when none). */
function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let low = -1;
  let high = sorted.length;
  while (high - low > 1) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! <= value) low = mid;
    else high = mid;
  }
  return low;
}

const tables = new Map<string, ZoneTable>();

/** Shared table per zone name (callers validate names first, see isKnownTimeZone). */
export function getZoneTable(name: string): ZoneTable {
  let table = tables.get(name);
  if (table === undefined) {
    table = new ZoneTable(name);
    tables.set(name, table);
  }
  return table;
}
