/**
 * Validation of five-field cron expressions, with messages that name the field and the
 * accepted form. cron-parser has the last word on syntax; this layer adds the checks it
 * lacks (seconds/years fields, hashed and random values) and clearer range messages.
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
  { name: 'day-of-week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

const FORM = 'five fields "minute hour day-of-month month day-of-week" or a macro such as @daily';

export interface ParsedCron {
  /** As written, whitespace collapsed; month/day names upper-cased. */
  readonly cron: string;
  /** Five fields to evaluate. */
  readonly fields: string;
}

export function parseCronText(value: unknown): ParsedCron {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidScheduleError('cron', `cron: must be a non-empty string of ${FORM}`);
  }
  const text = value.trim().replace(/\s+/g, ' ');
  const fail = (message: string): never => {
    throw new InvalidScheduleError('cron', `cron "${text}": ${message}`);
  };
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
  try {
    CronExpressionParser.parse(cron, { tz: 'UTC' });
  } catch (error) {
    fail((error as Error).message);
  }
  return { cron, fields: cron };
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
  if (m === null || m === undefined) {
    const names = rule.names ? ` or names ${rule.names[0]}-${rule.names[rule.names.length - 1]}` : '';
    fail(
      `${rule.name} "${base}" is not valid; use numbers ${rule.min}-${rule.max}${names}, ranges a-b, lists a,b, steps */n`,
    );
  }
  const n = m![1] === undefined ? null : Number(m![1]);
  if (n !== null && (n < rule.min || n > rule.max)) fail(`${rule.name} ${n} is out of range ${rule.min}-${rule.max}`);
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
