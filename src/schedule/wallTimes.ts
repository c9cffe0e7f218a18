/**
 * Turns increasing wall times (cron matches, rrule occurrences) into increasing instants.
 *
 * Resolution is monotonic except for gap-shifted times: 02:20 in a 30-minute gap becomes
 * 02:50, after the real 02:40. A time that resolved without shifting is never followed by
 * an earlier instant, so shifted ones wait in a small buffer until such a time passes them.
 */
import type { ResolvedWall } from './zone.js';

export interface RawOccurrence {
  at: number;
  /** Microseconds beyond `at`; only interval schedules have them (missing means 0). */
  micro?: number;
  shiftedByGap: boolean;
}

/** Wall time to instant under the SPEC's DST rules: zone.ts (reference) or zoneTable.ts (fast). */
export interface WallResolver {
  resolve(wall: number): ResolvedWall;
}

export function* wallTimesToInstants(
  zone: WallResolver,
  walls: Iterable<number>,
  startMs: number,
): Generator<RawOccurrence> {
  const pending: RawOccurrence[] = [];
  let last = -Infinity;
  const accept = (occurrence: RawOccurrence): boolean => {
    if (occurrence.at < startMs || occurrence.at <= last) return false;
    last = occurrence.at;
    return true;
  };
  for (const wall of walls) {
    const resolved = zone.resolve(wall);
    if (resolved.shiftedByGap) {
      insertSorted(pending, { at: resolved.at, shiftedByGap: true });
      continue;
    }
    while (pending.length > 0 && pending[0]!.at < resolved.at) {
      const held = pending.shift()!;
      if (accept(held)) yield held;
    }
    // A real wall time at the instant a shifted one landed on: it fires once, unshifted.
    if (pending.length > 0 && pending[0]!.at === resolved.at) pending.shift();
    const occurrence = { at: resolved.at, shiftedByGap: false };
    if (accept(occurrence)) yield occurrence;
  }
  for (const held of pending) if (accept(held)) yield held;
}

function insertSorted(list: RawOccurrence[], item: RawOccurrence): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.at > item.at) i--;
  if (i > 0 && list[i - 1]!.at === item.at) return;
  list.splice(i, 0, item);
}

/** Merges increasing number streams into one increasing stream without duplicates. */
export function* mergeIncreasing(streams: Iterable<number>[]): Generator<number> {
  const iterators = streams.map((s) => s[Symbol.iterator]());
  const heads = iterators.map((it) => it.next());
  let last = -Infinity;
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i]!;
      if (!head.done && (best < 0 || head.value < (heads[best] as IteratorYieldResult<number>).value)) best = i;
    }
    if (best < 0) return;
    const value = (heads[best] as IteratorYieldResult<number>).value;
    heads[best] = iterators[best]!.next();
    if (value > last) {
      last = value;
      yield value;
    }
  }
}
