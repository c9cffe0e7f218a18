/**
 * A schedule's `interval` in seconds. Prefect stores it as a timedelta and accepts a
 * number of seconds (int or float: `60.0` is common in real files), an ISO-8601 duration
 * (`PT1H`) or `HH:MM:SS`; PyYAML already turns an unquoted `1:00:00` into 3600. We store
 * seconds, as SPEC's definitions do, so every form is converted here.
 * Years and months are refused: their length varies, and Prefect's fixed 365/30 days
 * would surprise more users than an error does.
 */
import { isoDurationSeconds } from '../../isoDuration.js';

const SECONDS = /^[+]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const CLOCK = /^(\d+):([0-5]?\d):([0-5]?\d(?:\.\d+)?)$/;
const CALENDAR_UNITS = /^P(?:[^T]*[YM])/i;

export type IntervalReading = { seconds: number } | { problem: string };

export function readInterval(value: unknown): IntervalReading {
  if (typeof value === 'number') return { seconds: value };
  if (typeof value !== 'string') return { problem: 'must be a number of seconds' };
  const text = value.trim();
  if (SECONDS.test(text)) return { seconds: Number(text) };
  if (CALENDAR_UNITS.test(text)) {
    return {
      problem: `${JSON.stringify(value)} uses years or months; give days, hours, minutes or seconds (e.g. "P7D")`,
    };
  }
  const clock = CLOCK.exec(text);
  if (clock) return { seconds: Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]) };
  const seconds = isoDurationSeconds(text);
  if (Number.isNaN(seconds)) {
    return {
      problem: `${JSON.stringify(value)} is not a number of seconds, an ISO-8601 duration such as "PT1H", or HH:MM:SS`,
    };
  }
  return { seconds };
}
