/**
 * parseSchedule: a schedule definition with Prefect's field names, validated into a
 * Schedule. Only the definition keys belong here; deployment-level keys next to them
 * (slug, active, parameters...) are the deployments-file reader's business.
 */
import { InvalidScheduleError } from '../errors.js';
import { parseCronText } from './cronSyntax.js';
import { checkedTimeZone, normalizeTimeZone } from './instant.js';
import { parseAnchor, parseIntervalSeconds } from './intervalSyntax.js';
import { parseRRuleText } from './rruleSyntax.js';
import type { Schedule } from './types.js';
import { getZone, isKnownTimeZone } from './zone.js';

const KEYS = {
  cron: ['cron', 'timezone', 'day_or'],
  interval: ['interval', 'anchor_date', 'timezone'],
  rrule: ['rrule', 'timezone'],
} as const;

type Kind = keyof typeof KEYS;
const KINDS = Object.keys(KEYS) as Kind[];

export function parseSchedule(definition: unknown): Schedule {
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    throw new InvalidScheduleError('schedule', 'schedule: must be an object with one of cron, interval or rrule');
  }
  const fields = definition as Record<string, unknown>;
  const kinds = KINDS.filter((kind) => fields[kind] !== undefined && fields[kind] !== null);
  if (kinds.length !== 1) {
    const found = kinds.length === 0 ? 'none' : kinds.join(' and ');
    throw new InvalidScheduleError(
      'schedule',
      `schedule: needs exactly one of cron, interval or rrule (found ${found})`,
    );
  }
  const kind = kinds[0]!;
  checkKeys(fields, kind);
  const timezone = checkedTimeZone(fields.timezone);
  switch (kind) {
    case 'cron': {
      const { cron, fields: cronFields } = parseCronText(fields.cron);
      return { kind, cron, fields: cronFields, dayOr: parseDayOr(fields.day_or), timezone };
    }
    case 'interval': {
      const { seconds, ms, micro } = parseIntervalSeconds(fields.interval);
      const { anchor, anchorMicro, anchorWall } = parseAnchor(fields.anchor_date, getZone(timezone));
      return {
        kind,
        interval: seconds,
        intervalMs: ms,
        intervalMicro: micro,
        anchor: new Date(anchor),
        anchorMicro,
        anchorWall,
        timezone,
      };
    }
    case 'rrule': {
      // Without a timezone, a DTSTART;TZID=... says where the rule's wall clock is.
      const zone = isMissing(fields.timezone) ? (dtstartZone(fields.rrule) ?? timezone) : timezone;
      return { kind, ...parseRRuleText(fields.rrule, zone), timezone: zone };
    }
  }
}

function checkKeys(fields: Record<string, unknown>, kind: Kind): void {
  const accepted: readonly string[] = KEYS[kind];
  for (const key of Object.keys(fields)) {
    if (accepted.includes(key) || (KINDS as string[]).includes(key)) continue;
    const owner = KINDS.find((other) => (KEYS[other] as readonly string[]).includes(key));
    const why = owner === undefined ? 'is not a schedule field' : `applies to ${owner} schedules only`;
    throw new InvalidScheduleError(
      key,
      `schedule key "${key}" ${why}; ${kind} schedules accept ${accepted.join(', ')}`,
    );
  }
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function dtstartZone(rrule: unknown): string | null {
  const tzid = typeof rrule === 'string' ? /(?:^|\s)DTSTART;(?:[^:\s]*;)?TZID=([^;:\s]+)/i.exec(rrule)?.[1] : undefined;
  return tzid !== undefined && isKnownTimeZone(tzid) ? normalizeTimeZone(tzid) : null;
}

function parseDayOr(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== 'boolean') {
    throw new InvalidScheduleError(
      'day_or',
      `day_or ${JSON.stringify(value)}: must be true (day-of-month OR day-of-week) or false (AND)`,
    );
  }
  return value;
}
