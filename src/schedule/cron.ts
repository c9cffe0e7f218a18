/**
 * Cron evaluation. cron-parser runs in UTC, which makes it a plain wall-clock matcher with
 * no DST logic of its own (its zone handling fires both 01:00s of a fall-back night); the
 * wall times it finds are then placed in the schedule's zone by wallTimesToInstants.
 * This is the reference path; cronFast.ts is the default.
 */
import { CronExpressionParser } from 'cron-parser';
import { daysAnded } from './cronSyntax.js';
import type { CronSchedule } from './types.js';
import { wallTimesToInstants, type RawOccurrence } from './wallTimes.js';
import { DAY_MS, LAST_WALL } from './units.js';
import { getZone } from './zone.js';

/** The reference path: cron-parser's own iterator, placed in the zone by zone.ts. */
export function iterateCronReference(
  schedule: CronSchedule,
  startMs: number,
  untilMs: number,
): Generator<RawOccurrence> {
  const zone = getZone(schedule.timezone);
  // A wall time is within a day of its instant (UTC offsets and gaps are shorter).
  return wallTimesToInstants(
    zone,
    cronWallTimes(schedule, zone.lowestWallReaching(startMs), untilMs + DAY_MS),
    startMs,
  );
}

/**
 * Matching wall times (floating ms) in [fromWall, untilWall], increasing. With day_or
 * false cron-parser only walks the day-of-month matches and the weekday is tested here, so
 * days that never meet (`0 0 1 * 1#5`) stop at untilWall instead of the year 9999.
 */
export function* cronWallTimes(schedule: CronSchedule, fromWall: number, untilWall: number): Generator<number> {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = schedule.fields.split(' ') as [
    string,
    string,
    string,
    string,
    string,
  ];
  // day_or false ANDs the day fields: walk the day-of-month matches, keep matching weekdays.
  const andDays = daysAnded(schedule);
  const walked = andDays ? `${minute} ${hour} ${dayOfMonth} ${month} *` : schedule.fields;
  const weekday = andDays ? CronExpressionParser.parse(`* * * * ${dayOfWeek}`, { tz: 'UTC' }) : null;
  let expression: ReturnType<typeof CronExpressionParser.parse>;
  try {
    expression = CronExpressionParser.parse(walked, { currentDate: new Date(fromWall - 1), tz: 'UTC' });
  } catch {
    // Without the weekday cron-parser refuses day-month pairs that never exist (31 4): no date.
    return;
  }
  for (;;) {
    let wall: number;
    try {
      wall = expression.next().getTime();
    } catch {
      return; // cron-parser gives up on expressions that never match again
    }
    // cron-parser has no end of time; the engine's calendar ends with the year 9999.
    if (wall > Math.min(untilWall, LAST_WALL)) return;
    if (weekday !== null && !weekday.includesDate(new Date(wall))) continue;
    yield wall;
  }
}
