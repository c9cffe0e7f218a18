/**
 * Parsing of RFC 5545 recurrence text (DTSTART, RRULE, EXRULE, RDATE, EXDATE lines) into
 * floating wall times of the schedule's zone. The rrule package's own parser accepts junk
 * silently (BYDAY=XX) and loses the trailing Z of RDATE/EXDATE, so the text is read here.
 */
import { InvalidScheduleError } from '../errors.js';
import { materializeRule, readDate, type RuleFields } from './rruleRule.js';
import type { ListedDate, RRuleSetSpec, RuleSpec } from './types.js';
import { getZone, isKnownTimeZone, type Zone } from './zone.js';

export const MAX_RRULE_LENGTH = 6500;
const DEFAULT_DTSTART = Date.UTC(2020, 0, 1);

export interface ParsedRRule {
  readonly rrule: string;
  readonly set: RRuleSetSpec;
}

type Fail = (message: string) => never;

interface Line {
  readonly name: string;
  readonly params: readonly string[];
  readonly value: string;
}

export function parseRRuleText(value: unknown, timezone: string): ParsedRRule {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidScheduleError(
      'rrule',
      'rrule: must be a non-empty RFC 5545 string such as "FREQ=WEEKLY;BYDAY=MO,FR;BYHOUR=9"',
    );
  }
  const shown = value.trim().length > 80 ? `${value.trim().slice(0, 77)}...` : value.trim();
  const fail: Fail = (message) => {
    throw new InvalidScheduleError('rrule', `rrule "${shown.replace(/\s+/g, ' ')}": ${message}`);
  };
  if (value.length > MAX_RRULE_LENGTH) fail(`is ${value.length} characters; at most ${MAX_RRULE_LENGTH} are accepted`);
  const zone = getZone(timezone);
  // Like dateutil without unfolding: any whitespace separates properties.
  const lines = value
    .trim()
    .split(/\s+/)
    .map((text) => splitLine(text, fail));
  const dtstarts = lines.filter((line) => line.name === 'DTSTART');
  if (dtstarts.length > 1) fail('has more than one DTSTART');
  const dtstart = dtstarts[0] === undefined ? DEFAULT_DTSTART : readDtstart(dtstarts[0], zone, fail);
  const rules: RuleSpec[] = [];
  const exrules: RuleSpec[] = [];
  const rdates: ListedDate[] = [];
  const exdates: ListedDate[] = [];
  for (const line of lines) {
    switch (line.name) {
      case 'DTSTART':
        break;
      case 'RRULE':
      case 'EXRULE':
        if (line.params.length > 0) fail(`${line.name} takes no parameters (got ;${line.params.join(';')})`);
        (line.name === 'RRULE' ? rules : exrules).push(
          materializeRule(readRuleFields(line.value, zone, fail), dtstart),
        );
        break;
      case 'RDATE':
      case 'EXDATE':
        (line.name === 'RDATE' ? rdates : exdates).push(...readDateList(line, fail));
        break;
      default:
        fail(`unsupported property ${line.name}; accepted: DTSTART, RRULE, EXRULE, RDATE, EXDATE`);
    }
  }
  if (rules.length === 0 && rdates.length === 0) fail('has no RRULE or RDATE, so it never fires (e.g. add FREQ=DAILY)');
  return { rrule: lines.map(formatLine).join('\n'), set: { rules, exrules, rdates, exdates } };
}

function splitLine(text: string, fail: Fail): Line {
  const colon = text.indexOf(':');
  if (colon < 0) return { name: 'RRULE', params: [], value: text.toUpperCase() };
  const [name = '', ...params] = text.slice(0, colon).split(';');
  if (name === '') fail(`"${text}" has no property name before ":"`);
  return { name: name.toUpperCase(), params, value: text.slice(colon + 1).toUpperCase() };
}

function formatLine(line: Line): string {
  const params = line.params.map((p) => (/^TZID=/i.test(p) ? `TZID=${p.slice(5)}` : p.toUpperCase()));
  return `${[line.name, ...params].join(';')}:${line.value}`;
}

/** DTSTART as floating wall time in the schedule zone: floating as is, Z or TZID converted. */
function readDtstart(line: Line, zone: Zone, fail: Fail): number {
  const tzid = paramTzid(line, fail);
  const date = readDate(line.value, 'DTSTART', fail);
  if ('instant' in date) return zone.wallOf(date.instant);
  if (tzid === null) return date.wall;
  return zone.wallOf(getZone(tzid).resolve(date.wall).at);
}

function readDateList(line: Line, fail: Fail): ListedDate[] {
  const tzid = paramTzid(line, fail);
  if (line.params.some((p) => /^VALUE=PERIOD$/i.test(p))) fail(`${line.name} periods are not supported`);
  return line.value.split(',').map((text) => {
    const date = readDate(text, line.name, fail);
    if ('instant' in date || tzid === null) return date;
    return { instant: getZone(tzid).resolve(date.wall).at };
  });
}

function paramTzid(line: Line, fail: Fail): string | null {
  let tzid: string | null = null;
  for (const param of line.params) {
    if (/^TZID=/i.test(param)) {
      tzid = param.slice(5);
      if (!isKnownTimeZone(tzid)) fail(`${line.name} TZID "${tzid}" is not a known IANA time zone`);
    } else if (!/^VALUE=(DATE|DATE-TIME|PERIOD)$/i.test(param)) {
      fail(`${line.name} parameter "${param}" is not supported (TZID=..., VALUE=DATE or VALUE=DATE-TIME)`);
    }
  }
  return tzid;
}

function readRuleFields(text: string, zone: Zone, fail: Fail): RuleFields {
  const fields = new Map<string, string>();
  for (const pair of text.split(';')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq < 1) fail(`"${pair}" is not KEY=VALUE`);
    const key = pair.slice(0, eq);
    if (fields.has(key)) fail(`${key} appears twice`);
    fields.set(key, pair.slice(eq + 1));
  }
  return { fields, zone, fail };
}
