/**
 * The engine's time units and the ends of its calendar, in ms. Wall times ("floating ms",
 * see zone.ts) and instants share the units.
 */
export const SECOND_MS = 1000;
/** Microseconds: an instant is ms plus 0-999 of them where a schedule has them (types.ts Occurrence). */
export const MICROS_PER_MS = 1000;
export const MICROS_PER_SECOND = SECOND_MS * MICROS_PER_MS;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** 10000-01-01T00:00: the year 9999 is the last year of the engine's calendar. */
const AFTER_YEAR_9999 = Date.UTC(10_000, 0, 1);

/** The last wall time any schedule yields on either engine: the rrule package stops after the year 9999. */
export const LAST_WALL = AFTER_YEAR_9999 - 1;

/**
 * The last instant whose UTC offset is read from Intl (9999-12-31T00:00Z): Intl cannot
 * format years past 9999 reliably, so offsets after it are taken as constant.
 */
export const LAST_OFFSET_LOOKUP = AFTER_YEAR_9999 - DAY_MS;

/** Dates end at ±8.64e15 ms; interval schedules stop stepping well before that. */
export const LAST_INSTANT = 8.64e15 - 400 * DAY_MS;
