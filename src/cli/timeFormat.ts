import { DateTime } from 'luxon';

/** ISO-8601 with the offset of `timezone`: `2026-03-08T03:30:00-04:00` (the JSON form). */
export function isoInZone(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toISO({ suppressMilliseconds: true }) ?? at.toISOString();
}

/** `2026-03-08 03:30 EDT` (tables); the offset (`+01:00`) where the zone has no common abbreviation. */
export function localTime(at: Date, timezone: string): string {
  const local = DateTime.fromJSDate(at, { zone: timezone });
  const abbreviation = local.toFormat('ZZZZ');
  return `${local.toFormat('yyyy-LL-dd HH:mm')} ${/^[A-Z]{2,5}$/.test(abbreviation) ? abbreviation : local.toFormat('ZZ')}`;
}

/** `2026-03-08 07:30Z` (tables). */
export function utcTime(at: Date): string {
  return DateTime.fromJSDate(at, { zone: 'UTC' }).toFormat("yyyy-LL-dd HH:mm'Z'");
}
