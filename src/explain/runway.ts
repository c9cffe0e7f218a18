/** What decides when a schedule needs runs again (SPEC section 4 step 1). */
export interface TopUpLimits {
  minRuns: number;
  maxRuns: number;
  /** Seconds. */
  minScheduledTime: number;
  maxScheduledRuns: number | null;
}

/**
 * When a pass must top the schedule up: the first time at which the runs it holds no longer
 * satisfy the pass's saturation test (minRuns of them and one at least minScheduledTime
 * ahead, or the cap reached). `now` when it already needs runs; null when its cap is 0.
 * `held` are its future runs, earliest first.
 */
export function topUpTime(held: Date[], now: Date, limits: TopUpLimits): Date | null {
  const times = held.map((d) => d.getTime());
  const cap = limits.maxScheduledRuns ?? Infinity;
  if (cap <= 0) return null;
  // "At least c runs at or after P" holds while P <= the c-th latest run.
  const holdsCount = (c: number) => (c <= 0 ? Infinity : c > times.length ? -Infinity : times[times.length - c]!);
  const latest = times.length > 0 ? times[times.length - 1]! : -Infinity;
  const enough = Math.min(holdsCount(Math.min(limits.minRuns, cap)), latest - limits.minScheduledTime * 1000);
  const saturatedUntil = Math.max(enough, holdsCount(Math.min(limits.maxRuns, cap)));
  if (saturatedUntil === Infinity) return null;
  return saturatedUntil < now.getTime() ? now : new Date(saturatedUntil);
}
