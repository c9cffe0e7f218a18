/**
 * ISO-8601 reading and writing in a schedule's time zone. A time without an offset is wall
 * time in the zone (SPEC 4); an offset makes it an instant and never names a zone.
 */
import { InvalidScheduleError } from '../errors.js';
import { DAY_MS, MINUTE_MS } from './units.js';
import { getZone, isKnownTimeZone, Zone } from './zone.js';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const ACCEPTED = 'YYYY-MM-DD[THH:MM[:SS[.ffffff]]][Z|±HH:MM]';

export interface IsoParts {
  /** Wall-clock fields as floating ms (see zone.ts). */
  readonly wall: number;
  /** Offset in ms when the text carries one (Z = 0), else null. */
  readonly offset: number | null;
  /** Microseconds beyond `wall`'s milliseconds (0-999): digits 4-6 of the fraction, as Python keeps them. */
  readonly micro: number;
}

/** Splits an ISO date-time into wall fields and optional offset; null when malformed. */
export function parseIsoParts(text: string): IsoParts | null {
  const m = ISO.exec(text.trim());
  if (m === null) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const fraction = (m[7] ?? '').slice(0, 6).padEnd(6, '0');
  const millis = Number(fraction.slice(0, 3));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  return { wall, offset: m[8] === undefined ? null : parseOffset(m[8]), micro: Number(fraction.slice(3)) };
}

function parseOffset(text: string): number {
  if (text.toUpperCase() === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes) * MINUTE_MS;
}

/** Empty or missing time zones mean UTC (SPEC 4). */
export function normalizeTimeZone(timezone: string | null | undefined): string {
  const trimmed = (timezone ?? '').trim();
  return trimmed === '' || trimmed.toUpperCase() === 'UTC' ? 'UTC' : trimmed;
}

/** A schedule's zone name, normalised (missing means UTC), or an error naming the field. */
export function checkedTimeZone(value: unknown): string {
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw new InvalidScheduleError(
      'timezone',
      `timezone ${JSON.stringify(value)}: must be an IANA time zone name such as "Europe/Berlin"`,
    );
  }
  const name = normalizeTimeZone(value);
  if (!isKnownTimeZone(name)) {
    throw new InvalidScheduleError(
      'timezone',
      `timezone "${name}": not a known IANA time zone name (e.g. "Europe/Berlin", "UTC")`,
    );
  }
  return name;
}

/**
 * An ISO-8601 time as an instant; without an offset it is wall time in `timezone`
 * (gap times shift forward, repeated times take their first occurrence).
 * Used for the CLI's --start, --end and --anchor-date.
 */
export function parseInstant(iso: string, timezone: string | null, field = 'date'): Date {
  const zoneName = checkedTimeZone(timezone);
  const parts = parseIsoParts(iso);
  if (parts === null) {
    throw new InvalidScheduleError(field, `${field} "${iso}": not an ISO-8601 date-time (${ACCEPTED})`);
  }
  return new Date(instantOf(parts, getZone(zoneName)));
}

export function instantOf(parts: IsoParts, zone: Zone): number {
  return parts.offset === null ? zone.resolve(parts.wall).at : parts.wall - parts.offset;
}

/**
 * The instants a wall time names in a zone, earliest first: one; two when a fall-back
 * repeats it; none when a spring-forward gap skips it.
 */
export function instantsOfWall(wall: number, zone: Zone): number[] {
  const candidates = new Set([wall - zone.offsetAt(wall - DAY_MS), wall - zone.offsetAt(wall + DAY_MS)]);
  return [...candidates].filter((at) => zone.wallOf(at) === wall).sort((a, b) => a - b);
}

/**
 * ISO-8601 with the zone's offset at that instant ("Z" for the UTC zone); the fraction as
 * formatWall writes it. `micro`: microseconds beyond the Date's milliseconds (0-999).
 */
export function formatInstant(at: Date | number, timezone: Zone | string | null, micro = 0): string {
  const zone = timezone instanceof Zone ? timezone : getZone(normalizeTimeZone(timezone));
  const ms = typeof at === 'number' ? at : at.getTime();
  const offset = zone.offsetAt(ms);
  const suffix = zone.name === 'UTC' ? 'Z' : formatOffset(offset);
  return formatWall(ms + offset, micro) + suffix;
}

/**
 * Wall ms as "YYYY-MM-DDTHH:MM:SS[.fff|.ffffff]" without an offset: milliseconds when
 * set, six digits when there are microseconds (as Python prints them), none otherwise.
 */
export function formatWall(wall: number, micro = 0): string {
  const iso = new Date(wall).toISOString();
  if (micro !== 0) return `${iso.slice(0, 23)}${String(micro).padStart(3, '0')}`;
  return iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
}

/** `+05:30`, `-04:00`: whole minutes, as ISO-8601 writes an offset. */
export function formatOffset(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.round(Math.abs(offset) / MINUTE_MS);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}
