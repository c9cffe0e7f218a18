/**
 * Times of day of a rule, per day: what a rule keeps inside one day that passed its day
 * filters. Daily and coarser rules list BYHOUR x BYMINUTE x BYSECOND (all explicit, see
 * rruleRule.ts). Sub-daily rules (HOURLY, MINUTELY, SECONDLY) are expanded here on the
 * wall clock instead of by the rrule package, which steps through every candidate second
 * (86,400 a day) and loops forever on MINUTELY/SECONDLY with BYHOUR on a filtered day
 * (rrule 2.8.1, DateTime.addHours(24) never reaching the hour).
 */
import { FREQ, type RuleSpec } from './types.js';
import { compiledPerRule, PERIOD_MS } from './rruleRule.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './units.js';

const PHASE_CACHE_LIMIT = 256;

/** Offsets (ms from midnight) a rule keeps in a day, increasing, by day number (days since 1970-01-01). */
export type DayTimes = (dayNumber: number) => readonly number[];

export const compileDayTimes = compiledPerRule((rule: RuleSpec): DayTimes => {
  const list = (key: string): readonly number[] | null => (rule.options[key] as readonly number[] | undefined) ?? null;
  if (rule.freq < FREQ.HOURLY) {
    const times = product([list('byhour')!, list('byminute')!, list('bysecond')!], [HOUR_MS, MINUTE_MS, SECOND_MS]);
    return () => times;
  }
  return subDailyTimes(rule, list);
});

function subDailyTimes(rule: RuleSpec, list: (key: string) => readonly number[] | null): DayTimes {
  // The rule's unit (hour, minute, second) and how many a day holds.
  const unitMs = PERIOD_MS[rule.freq]!;
  const perDay = DAY_MS / unitMs;
  const { interval } = rule;
  // A unit (hour, minute, second) passes BYHOUR, BYMINUTE, BYSECOND down to its own size.
  const fields = (['byhour', 'byminute', 'bysecond'] as const).slice(0, rule.freq - FREQ.HOURLY + 1);
  const sizes = [3600, 60, 1];
  const unitSeconds = unitMs / SECOND_MS;
  const mask = new Uint8Array(perDay);
  const candidates: number[] = [];
  for (let unit = 0; unit < perDay; unit++) {
    const second = unit * unitSeconds;
    const ok = fields.every((key, i) => {
      const values = list(key);
      return values === null || values.includes(Math.floor(second / sizes[i]!) % (i === 0 ? 24 : 60));
    });
    if (ok) {
      mask[unit] = 1;
      candidates.push(unit);
    }
  }
  // Finer fields expand each unit; BYSETPOS picks among them, per unit (the rule's period).
  const inner = withSetPos(
    product(
      [list('byminute'), list('bysecond')].slice(rule.freq - FREQ.HOURLY).map((v) => v ?? [0]),
      [MINUTE_MS, SECOND_MS].slice(rule.freq - FREQ.HOURLY),
    ),
    list('bysetpos'),
  );
  const origin = Math.floor(rule.dtstart / unitMs);
  const byPhase = new Map<number, number[]>();
  return (dayNumber) => {
    const phase = mod(origin - dayNumber * perDay, interval);
    let times = byPhase.get(phase);
    if (times !== undefined) return times;
    times = [];
    const push = (unit: number): void => {
      for (const offset of inner) times!.push(unit * unitMs + offset);
    };
    // Units u of the day with u ≡ phase (mod interval): scan whichever list is shorter.
    if (candidates.length <= perDay / interval) {
      for (const unit of candidates) if (mod(unit - phase, interval) === 0) push(unit);
    } else {
      for (let unit = phase; unit < perDay; unit += interval) if (mask[unit] === 1) push(unit);
    }
    if (byPhase.size >= PHASE_CACHE_LIMIT) byPhase.clear();
    byPhase.set(phase, times);
    return times;
  };
}

/** Every sum of one value per list times its weight, increasing, without duplicates. */
function product(lists: ReadonlyArray<readonly number[]>, weights: readonly number[]): number[] {
  let sums = [0];
  lists.forEach((values, i) => {
    sums = sums.flatMap((sum) => values.map((v) => sum + v * weights[i]!));
  });
  return [...new Set(sums)].sort((a, b) => a - b);
}

/** BYSETPOS (1-based, negative from the end) applied to one period's sorted candidates. */
function withSetPos(sorted: number[], setpos: readonly number[] | null): number[] {
  if (setpos === null) return sorted;
  const picked = setpos
    .map((p) => sorted[p > 0 ? p - 1 : sorted.length + p])
    .filter((t): t is number => t !== undefined);
  return [...new Set(picked)].sort((a, b) => a - b);
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
