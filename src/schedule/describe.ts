/**
 * Short English for a schedule, for tables and logs. Covers the common cron and RRule shapes
 * (describeRRule.ts) and falls back to the expression itself; it is not a full translator.
 */
import { describeRRule } from './describeRRule.js';
import { formatInstant } from './instant.js';
import type { CronSchedule, Schedule } from './types.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './units.js';
import { getZone } from './zone.js';

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const WEEKDAY_ABBREVIATIONS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['day', DAY_MS],
  ['hour', HOUR_MS],
  ['minute', MINUTE_MS],
  ['second', SECOND_MS],
];

export function describeSchedule(schedule: Schedule): string {
  const zone = ` (${schedule.timezone})`;
  switch (schedule.kind) {
    case 'cron':
      return describeCron(schedule) + zone;
    case 'interval': {
      const from = formatInstant(schedule.anchor, getZone(schedule.timezone), schedule.anchorMicro);
      const every = schedule.intervalMicro === 0 ? duration(schedule.intervalMs) : plural(schedule.interval, 'second');
      return `every ${every} from ${from}${schedule.timezone === 'UTC' ? '' : zone}`;
    }
    case 'rrule':
      return (describeRRule(schedule) ?? schedule.rrule.replace(/^RRULE:/gm, '').replace(/\n/g, ' ')) + zone;
  }
}

function duration(ms: number): string {
  for (const [unit, size] of UNITS) {
    if (ms % size === 0) return plural(ms / size, unit);
  }
  return plural(ms / SECOND_MS, 'second');
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function describeCron(schedule: CronSchedule): string {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = schedule.fields.split(' ') as [
    string,
    string,
    string,
    string,
    string,
  ];
  const fallback = `cron "${schedule.cron}"${schedule.dayOr ? '' : ' (day_or: false)'}`;
  if (month !== '*') return fallback;
  const everyDay = dayOfMonth === '*' && dayOfWeek === '*';
  if (everyDay && hour === '*') {
    if (minute === '*') return 'every minute';
    const step = /^\*\/(\d+)$/.exec(minute);
    if (step) return `every ${plural(Number(step[1]), 'minute')}`;
    if (/^\d+$/.test(minute)) return `at minute ${minute} past every hour`;
    return fallback;
  }
  const hourStep = /^\*\/(\d+)$/.exec(hour);
  if (everyDay && hourStep && /^\d+$/.test(minute))
    return `at minute ${minute} past every ${plural(Number(hourStep[1]), 'hour')}`;
  if (!/^\d+$/.test(minute) || !/^\d+(,\d+)*$/.test(hour)) return fallback;
  const times = hour
    .split(',')
    .map((h) => `${h.padStart(2, '0')}:${minute.padStart(2, '0')}`)
    .join(' and ');
  if (everyDay) return `every day at ${times}`;
  if (dayOfMonth === '*') {
    const days = weekdays(dayOfWeek);
    if (days === null) return fallback;
    return days.single ? `every ${days.text} at ${times}` : `at ${times} on ${days.text}`;
  }
  if (dayOfWeek === '*' && /^\d+$/.test(dayOfMonth)) return `at ${times} on day ${dayOfMonth} of the month`;
  return fallback;
}

function weekdays(field: string): { text: string; single: boolean } | null {
  const names = field.replace(/[A-Z]{3}/g, (abbreviation) => String(WEEKDAY_ABBREVIATIONS.indexOf(abbreviation)));
  const range = /^(\d)-(\d)$/.exec(names);
  if (range) return { text: `${dayName(range[1]!)} through ${dayName(range[2]!)}`, single: false };
  if (!/^\d(,\d)*$/.test(names)) return null;
  const list = names.split(',').map(dayName);
  if (list.includes('')) return null;
  return {
    text: list.length === 1 ? list[0]! : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`,
    single: list.length === 1,
  };
}

function dayName(digit: string): string {
  return WEEKDAY_NAMES[Number(digit)] ?? '';
}
