/** A validated schedule, as returned by parseSchedule. Plain data; evaluation is elsewhere. */
export type Schedule = CronSchedule | IntervalSchedule | RRuleSchedule;

export interface CronSchedule {
  readonly kind: 'cron';
  /** The expression as written, whitespace collapsed (macros such as "@daily" kept). */
  readonly cron: string;
  /** The five fields evaluated (macros expanded). */
  readonly fields: string;
  readonly dayOr: boolean;
  readonly timezone: string;
}

export interface IntervalSchedule {
  readonly kind: 'interval';
  /** Seconds, as given (float allowed); evaluation uses intervalMs and intervalMicro. */
  readonly interval: number;
  /** The interval's whole milliseconds. */
  readonly intervalMs: number;
  /** Microseconds beyond intervalMs (0-999): Python's timedelta keeps the interval to the microsecond. */
  readonly intervalMicro: number;
  /** The anchor instant, to the millisecond. */
  readonly anchor: Date;
  /** Microseconds beyond the anchor's milliseconds (0-999): Prefect's default anchor is a Python now(). */
  readonly anchorMicro: number;
  /** The anchor's wall-clock time in the zone (floating ms); differs from the instant's wall
   *  time only when the anchor was written as a wall time inside a DST gap. */
  readonly anchorWall: number;
  readonly timezone: string;
}

export interface RRuleSchedule {
  readonly kind: 'rrule';
  /** Normalised text: one property per line, every rule line prefixed with its name. */
  readonly rrule: string;
  readonly timezone: string;
  readonly set: RRuleSetSpec;
}

/** A date listed in RDATE/EXDATE: floating wall time in the zone, or a UTC instant ("Z"). */
export type ListedDate = { readonly wall: number } | { readonly instant: number };

export interface RRuleSetSpec {
  readonly rules: readonly RuleSpec[];
  readonly exrules: readonly RuleSpec[];
  readonly rdates: readonly ListedDate[];
  readonly exdates: readonly ListedDate[];
}

/** RRule frequencies, numbered as the rrule package numbers them (RRule.YEARLY is 0). */
export const FREQ = { YEARLY: 0, MONTHLY: 1, WEEKLY: 2, DAILY: 3, HOURLY: 4, MINUTELY: 5, SECONDLY: 6 } as const;

export type FreqName = keyof typeof FREQ;
export type Freq = (typeof FREQ)[FreqName];

/** One RRULE/EXRULE with the defaults it inherits from DTSTART written out. */
export interface RuleSpec {
  readonly freq: Freq;
  readonly interval: number;
  /** Week start, 0 = Monday (rrule package convention). */
  readonly wkst: number;
  readonly count: number | null;
  /** DTSTART as floating wall ms in the schedule zone. */
  readonly dtstart: number;
  /** Options for the rrule package, without dtstart, with every DTSTART-derived BYxxx explicit. */
  readonly options: Readonly<Record<string, unknown>>;
}

export interface Occurrence {
  /** The instant to the millisecond. */
  readonly at: Date;
  /**
   * Microseconds beyond `at` (0-999). Only an interval schedule whose anchor or interval
   * has microseconds yields non-zero values; cron and RRule times are whole seconds.
   */
  readonly micro: number;
  /** True when the wall time fell in a DST gap and was moved forward by the gap. */
  readonly shiftedByGap: boolean;
}

export interface DateWindow {
  /** Inclusive. */
  readonly start: Date;
  /** Inclusive. */
  readonly end?: Date | null;
  /** Cap on dates. Default: 1000 with an end, else 1 (Prefect's get_dates defaults). */
  readonly count?: number | null;
}
