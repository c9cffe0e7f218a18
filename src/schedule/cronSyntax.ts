/**
 * Validation of five-field cron expressions, with messages that name the field and the
 * accepted form. cron-parser has the last word on syntax; this layer adds the checks it
 * lacks (seconds/years fields, hashed and random values), accepts what Vixie cron and
 * croniter accept but cron-parser does not (a value named twice), and words cron-parser's
 * refusals in its own terms: none of cron-parser's messages reaches a user.
 */
import { CronExpressionParser } from 'cron-parser';
import { InvalidScheduleError } from '../errors.js';
import type { CronSchedule } from './types.js';

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

interface FieldRule {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Values taken modulo this: day-of-week 7 is Sunday again. */
  readonly cycle?: number;
}

const FIELDS: readonly FieldRule[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'day-of-week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], cycle: 7 },
];

const FORM = 'five fields "minute hour day-of-month month day-of-week" or a macro such as @daily';
/** cron-parser's limit on an expression's length. */
const MAX_CRON_LENGTH = 1024;
/** Longer expressions are cut to this in messages. */
const SHOWN_LENGTH = 80;

export interface ParsedCron {
  /** As written, whitespace collapsed; month/day names upper-cased. */
  readonly cron: string;
  /** Five fields to evaluate: macros expanded, values named twice named once. */
  readonly fields: string;
}

export function parseCronText(value: unknown): ParsedCron {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidScheduleError('cron', `cron: must be a non-empty string of ${FORM}`);
  }
  const text = value.trim().replace(/\s+/g, ' ');
  const shown = text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH - 3)}...` : text;
  const fail = (message: string): never => {
    throw new InvalidScheduleError('cron', `cron "${shown}": ${message}`);
  };
  if (text.length > MAX_CRON_LENGTH) fail(`is ${text.length} characters; at most ${MAX_CRON_LENGTH} are accepted`);
  if (text.startsWith('@')) {
    const macro = text.toLowerCase();
    const fields = MACROS[macro];
    if (fields === undefined) fail(`unknown macro; accepted: ${Object.keys(MACROS).join(', ')}`);
    return { cron: macro, fields: fields! };
  }
  const cron = text.toUpperCase();
  const parts = cron.split(' ');
  if (parts.length === 6 || parts.length === 7) {
    fail(`has ${parts.length} fields; seconds and years are not supported, use ${FORM}`);
  }
  if (parts.length !== 5) fail(`has ${parts.length} field${parts.length === 1 ? '' : 's'}; expected ${FORM}`);
  for (const [i, part] of parts.entries()) checkField(part, FIELDS[i]!, fail);
  const fields = parts.map((part, i) => withoutRepeats(part, FIELDS[i]!));
  if (!cronParserAccepts(fields)) fail(refusal(parts, fields));
  return { cron, fields: fields.join(' ') };
}

function cronParserAccepts(fields: readonly string[]): boolean {
  try {
    CronExpressionParser.parse(fields.join(' '), { tz: 'UTC' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Why cron-parser refuses fields that passed checkField, in this reader's words: the first
 * field it refuses on its own, else the one combination it checks (a day-of-month that no
 * month of the month field has, unless day-of-week is restricted: cron ORs the two).
 */
function refusal(parts: readonly string[], fields: readonly string[]): string {
  for (const [i, rule] of FIELDS.entries()) {
    if (cronParserAccepts(fields.map((field, j) => (j === i ? field : '*')))) continue;
    const part = parts[i]!;
    if (rule.cycle !== undefined && part.includes('#') && part.includes(',')) {
      return `${rule.name} "${part}": n#k (the k-th weekday n of the month) must stand alone, not in a list`;
    }
    return `${rule.name} "${part}" is not valid; ${acceptedForm(rule)}`;
  }
  return `day-of-month ${parts[2]} never falls in month ${parts[3]}; use days the months have (L is the last day)`;
}

/**
 * The field with every value named once, as cron-parser requires: Vixie cron and croniter
 * take `0,7` (Sunday twice), `1,1` and overlaps such as `1-5,3` as the union of their
 * values, and so does this reader. A field without repeats is kept as written. A bare * or ?
 * in a list names every value, so the list is *.
 */
function withoutRepeats(part: string, rule: FieldRule): string {
  const items = substituteNames(part, rule).split(',');
  const values = new Set<number>();
  const specials = new Set<string>();
  let repeated = false;
  for (const item of items) {
    const named = valuesOf(item, rule);
    if (named === null) {
      repeated ||= specials.has(item);
      specials.add(item);
      continue;
    }
    for (const value of named) {
      repeated ||= values.has(value);
      values.add(value);
    }
  }
  if (!repeated) return part;
  if (items.includes('*') || items.includes('?')) return '*';
  return [...[...values].sort((a, b) => a - b).map(String), ...specials].join(',');
}

/** The values one list item names (* ? a a-b, each with an optional /step); null for L, nL and n#k. */
function valuesOf(item: string, rule: FieldRule): Set<number> | null {
  const [base = '', step] = item.split('/');
  const range = base === '*' || base === '?' ? [rule.min, rule.max] : /^(\d+)(?:-(\d+))?$/.exec(base)?.slice(1);
  if (range === undefined) return null;
  const low = Number(range[0]);
  const high = range[1] !== undefined ? Number(range[1]) : step === undefined ? low : rule.max;
  const values = new Set<number>();
  for (let value = low; value <= high; value += step === undefined ? 1 : Number(step)) {
    values.add(rule.cycle === undefined ? value : value % rule.cycle);
  }
  return values;
}

function checkField(part: string, rule: FieldRule, fail: (message: string) => never): void {
  const named = substituteNames(part, rule);
  if (/^[RH]$/.test(part) || /H(\(|\/|$)/.test(named)) {
    fail(`${rule.name} "${part}" is a random or hashed value (R/H), which is not supported`);
  }
  for (const item of named.split(',')) {
    const [base = '', step, extra] = item.split('/');
    if (extra !== undefined) fail(`${rule.name} "${item}" has more than one step`);
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) {
      fail(`${rule.name} step "${item}" must be a positive whole number`);
    }
    if (base === '*' || base === '?') continue;
    const range = /^(\d+)(?:-(\d+))?$/.exec(base);
    if (range === null) {
      checkSpecial(base, rule, fail);
      continue;
    }
    const low = Number(range[1]);
    const high = range[2] === undefined ? low : Number(range[2]);
    for (const n of [low, high]) {
      if (n < rule.min || n > rule.max) fail(`${rule.name} ${n} is out of range ${rule.min}-${rule.max}`);
    }
    if (high < low) fail(`${rule.name} range ${base} runs backwards; write it as ${high}-${low}`);
  }
}

/** L, nL, n#k: numbers inside must still be in range; cron-parser checks the shape. */
function checkSpecial(base: string, rule: FieldRule, fail: (message: string) => never): void {
  const special = rule.name === 'day-of-month' ? /^L$/ : rule.name === 'day-of-week' ? /^(\d+)(L|#[1-5])$/ : null;
  const m = special?.exec(base);
  if (m === null || m === undefined) fail(`${rule.name} "${base}" is not valid; ${acceptedForm(rule)}`);
  const n = m![1] === undefined ? null : Number(m![1]);
  if (n !== null && (n < rule.min || n > rule.max)) fail(`${rule.name} ${n} is out of range ${rule.min}-${rule.max}`);
}

function acceptedForm(rule: FieldRule): string {
  const names = rule.names ? ` or names ${rule.names[0]}-${rule.names[rule.names.length - 1]}` : '';
  return `use numbers ${rule.min}-${rule.max}${names}, ranges a-b, lists a,b, steps */n`;
}

function substituteNames(part: string, rule: FieldRule): string {
  if (rule.names === undefined) return part;
  const names = rule.names;
  return part.replace(/[A-Z]{3}/g, (name) => {
    const index = names.indexOf(name);
    return index < 0 ? name : String(index + rule.min);
  });
}

/** True when the field restricts days (cron-parser and croniter treat only * and ? as open). */
function isOpenField(field: string): boolean {
  return field === '*' || field === '?';
}

/** day_or false ANDs day-of-month and day-of-week, unless one of them is open (* or ?). */
export function daysAnded(schedule: CronSchedule): boolean {
  const [, , dayOfMonth, , dayOfWeek] = schedule.fields.split(' ');
  return !schedule.dayOr && !isOpenField(dayOfMonth!) && !isOpenField(dayOfWeek!);
}
