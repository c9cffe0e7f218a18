/**
 * Times as the CLI prints them, read with the schedule engine's own zone offsets; Intl (en-US,
 * whatever the machine's locale) supplies only the zone's abbreviation for tables.
 */
import {
  formatInstant,
  formatOffset,
  formatWall,
  getZone,
  isKnownTimeZone,
  normalizeTimeZone,
  type Zone,
} from '../schedule/index.js';

const abbreviationFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * ISO-8601 with the offset of `timezone`: `2026-03-08T03:30:00-04:00` (the JSON form), with
 * six fraction digits when `micro` (microseconds beyond the Date) is not 0.
 */
export function isoInZone(at: Date, timezone: string, micro = 0): string {
  return formatInstant(at, displayZone(timezone), micro);
}

/** `2026-03-08 03:30 EDT`; the offset (`+01:00`) where the zone has no common abbreviation. */
export function localTime(at: Date, timezone: string): string {
  const zone = displayZone(timezone);
  const offset = zone.offsetAt(at.getTime());
  const abbreviation = zoneAbbreviation(zone.name, at);
  return `${wallMinutes(at.getTime() + offset)} ${/^[A-Z]{2,5}$/.test(abbreviation) ? abbreviation : formatOffset(offset)}`;
}

/** `2026-03-08 07:30Z`. */
export function utcTime(at: Date): string {
  return `${wallMinutes(at.getTime())}Z`;
}

/** A zone written to the database by another tool or an older ICU is shown in UTC, not as an error. */
function displayZone(timezone: string): Zone {
  const name = normalizeTimeZone(timezone);
  return getZone(isKnownTimeZone(name) ? name : 'UTC');
}

function wallMinutes(wall: number): string {
  return formatWall(wall).slice(0, 16).replace('T', ' ');
}

function zoneAbbreviation(zone: string, at: Date): string {
  let format = abbreviationFormats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' });
    abbreviationFormats.set(zone, format);
  }
  return format.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? '';
}
