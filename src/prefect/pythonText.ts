/**
 * Values as Prefect's Python code prints them, where the text itself is stored: json.dumps
 * (SQLite keeps JSON columns as that text), `str(datetime)` (the run's idempotency key) and
 * pydantic's JSON datetimes (inside state_details). `micro` is the microseconds beyond the
 * Date's milliseconds (0-999).
 */
import { formatOffset, getZone } from '../schedule/index.js';

/** json.dumps with its defaults: `", "` and `": "` separators, non-ASCII as \uXXXX escapes. */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return pythonString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([k, v]) => `${pythonString(k)}: ${pythonJson(v)}`,
  );
  return `{${entries.join(', ')}}`;
}

function pythonString(text: string): string {
  // ensure_ascii: every UTF-16 unit beyond ASCII (a surrogate pair gives two escapes, as in Python).
  return JSON.stringify(text).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` of a wall time in ms, as Python prints it (fraction only when set). */
function wallText(wallMs: number, micro: number, separator: string): string {
  const iso = new Date(wallMs).toISOString();
  const fraction = iso.slice(20, 23);
  const text = `${iso.slice(0, 10)}${separator}${iso.slice(11, 19)}`;
  return fraction === '000' && micro === 0 ? text : `${text}.${fraction}${String(micro).padStart(3, '0')}`;
}

/** Python's `str(datetime)` in the zone: `2027-03-14 03:30:00-04:00` (the key's `<time>`). */
export function pythonStr(at: Date, micro: number, zoneName: string): string {
  const zone = getZone(zoneName);
  const offset = zone.offsetAt(at.getTime());
  return wallText(at.getTime() + offset, micro, ' ') + formatOffset(offset);
}

/** Pydantic 2's JSON form of an aware datetime: `2027-03-14T03:30:00-04:00`, `Z` for a zero offset. */
export function pydanticJson(at: Date, micro: number, zoneName: string): string {
  const zone = getZone(zoneName);
  const offset = zone.offsetAt(at.getTime());
  return wallText(at.getTime() + offset, micro, 'T') + (offset === 0 ? 'Z' : formatOffset(offset));
}

/** SQLAlchemy's SQLite DATETIME text, in UTC: `2027-03-14 07:30:00.000000` (always six digits). */
export function sqliteTimestamp(at: Date, micro: number): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}${String(micro).padStart(3, '0')}`;
}

/** The same instant as PostgreSQL reads a timestamptz: `2027-03-14T07:30:00.000000+00:00`. */
export function postgresTimestamp(at: Date, micro: number): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 23)}${String(micro).padStart(3, '0')}+00:00`;
}
