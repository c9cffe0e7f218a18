/**
 * The fast cron path. cron-parser still parses the expression; its expanded fields become
 * lookup tables, and a walk over wall-clock months and days jumps to the matching days and
 * lists their times by addition, instead of cron-parser's step-and-test loop with a CronDate
 * (a luxon DateTime) per step. Day matching copies cron-parser's rules exactly (the
 * wildcard rules, L, nL, n#k), since cron.ts (the reference) is cron-parser.
 */
import { CronExpressionParser } from 'cron-parser';
import { daysAnded } from './cronSyntax.js';
import type { CronSchedule } from './types.js';
import { wallTimesToInstants, type RawOccurrence } from './wallTimes.js';
import { DAY_MS, HOUR_MS, LAST_WALL, MINUTE_MS } from './units.js';
import { getZoneTable } from './zoneTable.js';

interface CronTables {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  /** Indexed by month 1-12. */
  readonly months: readonly boolean[];
  readonly matchesDay: (day: number, weekday: number, daysInMonth: number) => boolean;
}

const compiled = new WeakMap<CronSchedule, CronTables>();

export function iterateCronFast(schedule: CronSchedule, startMs: number, untilMs: number): Generator<RawOccurrence> {
  const table = getZoneTable(schedule.timezone);
  const walls = cronWallTimesFast(tablesOf(schedule), table.lowestWallReaching(startMs), untilMs + DAY_MS);
  return wallTimesToInstants(table, walls, startMs);
}

function tablesOf(schedule: CronSchedule): CronTables {
  let tables = compiled.get(schedule);
  if (tables === undefined) {
    tables = compileCron(schedule);
    compiled.set(schedule, tables);
  }
  return tables;
}

function compileCron(schedule: CronSchedule): CronTables {
  const fields = CronExpressionParser.parse(schedule.fields, { tz: 'UTC' }).fields;
  const flags = (values: readonly unknown[], size: number): boolean[] =>
    Array.from({ length: size }, (_, i) => values.includes(i));
  const dom = fields.dayOfMonth;
  const dow = fields.dayOfWeek;
  const dayOfMonth = flags(dom.values, 32);
  const lastDayOfMonth = dom.hasLastChar;
  const weekdays = flags(dow.values, 7);
  const nth = dow.nthDay;
  // cron-parser reads "nL" (and, with an L present, every plain value) by its first digit.
  const lastWeekdays = flags(dow.hasLastChar ? dow.values.map((v) => parseInt(String(v).charAt(0), 10) % 7) : [], 7);
  const domOpen = dom.isWildcard;
  const dowOpen = dow.isWildcard;
  const anded = daysAnded(schedule);
  const matchesDay = (day: number, weekday: number, daysInMonth: number): boolean => {
    const byMonthDay = dayOfMonth[day]! || (lastDayOfMonth && day === daysInMonth);
    const byWeekday =
      (weekdays[weekday]! && (nth <= 0 || Math.ceil(day / 7) === nth)) ||
      (lastWeekdays[weekday]! && day > daysInMonth - 7);
    if (anded) return byMonthDay && byWeekday;
    // cron-parser's three rules: both restricted OR; one restricted decides; both open match.
    if (!domOpen && !dowOpen) return byMonthDay || byWeekday;
    return dowOpen ? byMonthDay : byWeekday;
  };
  const sorted = (values: readonly unknown[]): number[] => (values as number[]).slice().sort((a, b) => a - b);
  return {
    minutes: sorted(fields.minute.values),
    hours: sorted(fields.hour.values),
    months: flags(fields.month.values, 13),
    matchesDay,
  };
}

/** Matching wall times (floating ms) in [fromWall, untilWall], increasing; same as cronWallTimes. */
export function* cronWallTimesFast(tables: CronTables, fromWall: number, untilWall: number): Generator<number> {
  const { minutes, hours, months, matchesDay } = tables;
  const from = new Date(Math.ceil(fromWall / MINUTE_MS) * MINUTE_MS);
  // The first day starts at fromWall's hour and minute; every later one at 00:00.
  let firstHour = from.getUTCHours();
  let firstMinute = from.getUTCMinutes();
  let firstDay = from.getUTCDate();
  let year = from.getUTCFullYear();
  let month = from.getUTCMonth() + 1;
  const lastYear = new Date(Math.min(untilWall, LAST_WALL)).getUTCFullYear();
  for (; year <= lastYear; month = (month % 12) + 1, year += month === 1 ? 1 : 0) {
    if (!months[month]) {
      firstDay = 1;
      firstHour = firstMinute = 0;
      continue;
    }
    const monthStart = Date.UTC(year, month - 1, 1);
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const firstWeekday = new Date(monthStart).getUTCDay();
    for (let day = firstDay; day <= daysInMonth; day++) {
      if (!matchesDay(day, (firstWeekday + day - 1) % 7, daysInMonth)) {
        firstHour = firstMinute = 0;
        continue;
      }
      const dayStart = monthStart + (day - 1) * DAY_MS;
      for (const hour of hours) {
        if (hour < firstHour) continue;
        const hourStart = dayStart + hour * HOUR_MS;
        const minuteFloor = hour === firstHour ? firstMinute : 0;
        for (const minute of minutes) {
          if (minute >= minuteFloor) yield hourStart + minute * MINUTE_MS;
        }
      }
      firstHour = firstMinute = 0;
    }
    firstDay = 1;
  }
}
