/**
 * The one reader of durations: settings (flags, environment variables, config files), a
 * deployments file's `interval` and `preview --interval` all read them here, with one
 * grammar and one wording (README "Durations" lists the forms). An entry point states the
 * least it accepts and checks its own upper limits, with `outOfRange` for the wording.
 */

/** Plain decimal seconds: `90`, `0.5`, `.5`, `90.`; no sign, exponent or digit separator. */
const SECONDS = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
/** `HH:MM:SS[.fff]`, as pydantic reads a timedelta; hours may exceed 23. */
const CLOCK = /^(\d+):([0-5]?\d):([0-5]?\d(?:\.\d+)?)$/;
/** ISO-8601 weeks, days and time; each number may have a fraction. */
const ISO =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
/**
 * A year or month before the `T`. Their length varies; Prefect counts 365 and 30 days,
 * which would surprise more users than an error naming them does.
 */
const CALENDAR_UNITS = /^P[^T]*[YM]/i;

const EXAMPLES = '90, 0.5, 00:01:30, PT1M30S or P7D';

/** The least an entry point accepts: a span may be 0, a period (an interval, a loop) may not. */
export type DurationFloor = 'zero' | 'positive';

export type DurationReading = { seconds: number } | { problem: string };

/**
 * Seconds of a duration given as text or as a number (from a YAML or JSON file). The floor
 * is part of every refusal's wording, so the entry point states it here; upper limits it
 * checks itself.
 */
export function readDuration(value: unknown, floor: DurationFloor): DurationReading {
  const shown = showDuration(value);
  const least = floor === 'positive' ? 'greater than 0' : 'of 0 or more';
  const must = `must be a number of seconds ${least} (${EXAMPLES})`;
  const text = typeof value === 'string' ? value.trim() : null;
  const seconds = typeof value === 'number' ? value : text !== null ? textSeconds(text) : NaN;
  if (Number.isNaN(seconds) || seconds === Infinity) {
    if (text !== null && CALENDAR_UNITS.test(text)) {
      return { problem: `${shown} uses years or months, whose length varies; ${must}` };
    }
    return { problem: `${shown} is not a number of seconds, HH:MM:SS or ISO-8601 duration; ${must}` };
  }
  if (seconds < 0 || Object.is(seconds, -0)) return { problem: `${shown} is negative; ${must}` };
  if (seconds === 0 && floor === 'positive') return { problem: `${shown} ${must}` };
  return { seconds };
}

/** The wording of a limit an entry point adds: `"PT0.0001S" must be at least 0.001 seconds`. */
export function outOfRange(value: unknown, requirement: string): string {
  return `${showDuration(value)} must be ${requirement}`;
}

/** Seconds of the text, NaN when it is no duration; a `-` before one is read so that the error can say "negative". */
function textSeconds(text: string): number {
  return text.startsWith('-') ? -unsignedSeconds(text.slice(1)) : unsignedSeconds(text);
}

function unsignedSeconds(text: string): number {
  if (SECONDS.test(text)) return Number(text);
  const clock = CLOCK.exec(text);
  if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  return isoDurationSeconds(text);
}

/** Seconds of an ISO-8601 duration of weeks, days and time (`PT1H`, `P1DT12H`, `P2W`); NaN otherwise. */
function isoDurationSeconds(text: string): number {
  const m = ISO.exec(text);
  if (m === null || text.toUpperCase() === 'P' || /T$/i.test(text)) return NaN;
  const [weeks, days, hours, minutes, seconds] = m.slice(1).map((part) => Number(part ?? 0)) as number[];
  return (((weeks! * 7 + days!) * 24 + hours!) * 60 + minutes!) * 60 + seconds!;
}

function showDuration(value: unknown): string {
  if (typeof value === 'string') {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 76)}..."` : text;
  }
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return String(value);
}
