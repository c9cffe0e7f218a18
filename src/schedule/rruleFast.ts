/**
 * The fast engine's day filter: which wall-clock days pass a rule's BYMONTH, BYMONTHDAY and
 * plain BYDAY (RFC 5545 intersects them), tested by arithmetic on the calendar. Rules with
 * BYWEEKNO, BYYEARDAY or BYEASTER get null and use the rrule package's days (rruleDays.ts).
 */
import type { RuleSpec } from './types.js';
import type { DayOracle } from './rruleDays.js';
import { DAY_MS } from './units.js';
import { compiledPerRule } from './rruleRule.js';

const PACKAGE_ONLY = ['byweekno', 'byyearday', 'byeaster'];

/** Days (numbers since 1970-01-01) in [fromDay, untilDay] passing the rule's day filters; null when not covered. */
export const fastDays = compiledPerRule((rule: RuleSpec): DayOracle | null => {
  const options = rule.options;
  if (PACKAGE_ONLY.some((key) => options[key] !== null && options[key] !== undefined)) return null;
  // Ordinals are ignored from WEEKLY on (RFC 5545, dateutil); MONTHLY ones never come here.
  const weekdays = (options.byweekday as ReadonlyArray<number | { weekday: number }> | undefined) ?? null;
  const weekdaySet = weekdays === null ? null : new Set(weekdays.map((w) => (typeof w === 'number' ? w : w.weekday)));
  const monthdays = (options.bymonthday as readonly number[] | undefined) ?? null;
  const months = (options.bymonth as readonly number[] | undefined) ?? null;
  return function* (fromDay, untilDay) {
    let date = new Date(fromDay * DAY_MS);
    for (let dayNumber = fromDay; dayNumber <= untilDay; dayNumber++, date = new Date(dayNumber * DAY_MS)) {
      const month = date.getUTCMonth() + 1;
      if (months !== null && !months.includes(month)) continue;
      // Day 0 (1970-01-01) was a Thursday, weekday 3 counting from Monday = 0.
      if (weekdaySet !== null && !weekdaySet.has((((dayNumber + 3) % 7) + 7) % 7)) continue;
      if (monthdays !== null) {
        const day = date.getUTCDate();
        const daysInMonth = new Date(Date.UTC(date.getUTCFullYear(), month, 0)).getUTCDate();
        if (!monthdays.some((d) => (d > 0 ? d : daysInMonth + 1 + d) === day)) continue;
      }
      yield dayNumber;
    }
  };
});
