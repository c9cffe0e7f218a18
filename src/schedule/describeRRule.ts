/**
 * Short English for an RRule schedule, as describe.ts gives crons: "every week on Monday and
 * Friday at 09:00". Read from the materialised rule (rruleRule.ts writes every default
 * DTSTART implies), so the words say what the rule does. What words cannot say briefly
 * (BYSETPOS, BYWEEKNO, BYYEARDAY, BYEASTER, several rules, RDATE, EXDATE, EXRULE, ordinals
 * outside a month, many times a day) gives null, and the caller shows the rule text.
 */
import { formatWall } from './instant.js';
import { FREQ, type Freq, type RRuleSchedule, type RuleSpec } from './types.js';

/** Monday first, as the rrule package numbers weekdays. */
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const ORDINALS: Readonly<Record<number, string>> = {
  1: 'first',
  2: 'second',
  3: 'third',
  4: 'fourth',
  5: 'fifth',
  [-1]: 'last',
  [-2]: 'second-to-last',
};
/** More times a day than this read better as the rule itself. */
const MAX_TIMES = 6;
const UNSAID = ['bysetpos', 'byweekno', 'byyearday', 'byeaster'];

type Options = Readonly<Record<string, unknown>>;

export function describeRRule(schedule: RRuleSchedule): string | null {
  const { rules, exrules, rdates, exdates } = schedule.set;
  if (rules.length !== 1 || exrules.length + rdates.length + exdates.length > 0) return null;
  const rule = rules[0]!;
  if (UNSAID.some((key) => isSet(rule.options[key]))) return null;
  const days = dayWords(rule);
  const times = rule.freq <= FREQ.DAILY ? timeWords(rule.options) : subDailyWords(rule);
  if (days === null || times === null) return null;
  const unit = UNIT_WORDS[rule.freq];
  const every = rule.interval === 1 ? `every ${unit}` : `every ${rule.interval} ${unit}s`;
  // DTSTART matters when written, for the phase of an INTERVAL and for what COUNT counts.
  const from =
    /(^|\s)DTSTART[;:]/.test(schedule.rrule) || rule.interval > 1 || rule.count !== null
      ? ` from ${formatWall(rule.dtstart)}`
      : '';
  const until = rule.options.until instanceof Date ? ` until ${formatWall(rule.options.until.getTime())}` : '';
  const count = rule.count === null ? '' : `, ${rule.count} time${rule.count === 1 ? '' : 's'}`;
  return [every, days, times].filter((part) => part !== '').join(' ') + from + until + count;
}

const UNIT_WORDS: Readonly<Record<Freq, string>> = {
  [FREQ.YEARLY]: 'year',
  [FREQ.MONTHLY]: 'month',
  [FREQ.WEEKLY]: 'week',
  [FREQ.DAILY]: 'day',
  [FREQ.HOURLY]: 'hour',
  [FREQ.MINUTELY]: 'minute',
  [FREQ.SECONDLY]: 'second',
};

/** "in March on day 1 and 15", "on the first Monday", "on 25 December"; '' for every day; null when unsaid. */
function dayWords({ freq, options, wkst, interval }: RuleSpec): string | null {
  const months = list(options.bymonth);
  const monthdays = list(options.bymonthday);
  const weekdays = weekdaysOf(options.byweekday);
  // Which days form a week shifts the weeks an INTERVAL counts; say it with the rule text.
  if (freq === FREQ.WEEKLY && interval > 1 && wkst !== 0 && weekdays !== null) return null;
  if (monthdays !== null && weekdays !== null) return null;
  const inMonths = months === null ? '' : `in ${joined(months.map((m) => MONTH_NAMES[m - 1]!))}`;
  if (monthdays !== null) {
    if (freq === FREQ.YEARLY && months?.length === 1 && monthdays.length === 1 && monthdays[0]! > 0) {
      return `on ${monthdays[0]} ${MONTH_NAMES[months[0]! - 1]}`;
    }
    if (monthdays.some((d) => d < -1)) return null;
    const positive = monthdays.filter((d) => d > 0).sort((a, b) => a - b);
    const named = [...(positive.length > 0 ? [`day ${joined(positive.map(String))}`] : [])];
    if (monthdays.includes(-1)) named.push('the last day');
    return [inMonths, `on ${joined(named)}`].filter((part) => part !== '').join(' ');
  }
  if (weekdays === null) return inMonths;
  const ordinals = weekdays.some((w) => w.n !== null);
  if (ordinals) {
    // An ordinal counts within the month: MONTHLY, or YEARLY with BYMONTH (RFC 5545).
    const inMonth = freq === FREQ.MONTHLY || (freq === FREQ.YEARLY && months !== null);
    if (!inMonth || weekdays.some((w) => w.n === null || ORDINALS[w.n] === undefined)) return null;
    const named = weekdays.map((w) => `the ${ORDINALS[w.n!]} ${WEEKDAY_NAMES[w.weekday]}`);
    return [inMonths, `on ${joined(named)}`].filter((part) => part !== '').join(' ');
  }
  // Every weekday is no filter (the DTSTART default of a WEEKLY rule is one weekday, never seven).
  const distinct = [...new Set(weekdays.map((w) => w.weekday))].sort((a, b) => a - b);
  if (distinct.length === 7) return inMonths;
  return [inMonths, `on ${weekdayRun(distinct)}`].filter((part) => part !== '').join(' ');
}

/** "Monday through Friday" for three or more days in a row, else the days listed. */
function weekdayRun(days: readonly number[]): string {
  const consecutive = days.every((day, i) => i === 0 || day === days[i - 1]! + 1);
  if (days.length >= 3 && consecutive) return `${WEEKDAY_NAMES[days[0]!]} through ${WEEKDAY_NAMES[days.at(-1)!]}`;
  return joined(days.map((day) => WEEKDAY_NAMES[day]!));
}

/** "at 09:00 and 17:30" for DAILY and coarser rules (BYHOUR, BYMINUTE, BYSECOND are explicit). */
function timeWords(options: Options): string | null {
  const [hours, minutes, seconds] = [list(options.byhour)!, list(options.byminute)!, list(options.bysecond)!];
  if (hours.length * minutes.length * seconds.length > MAX_TIMES) return null;
  const withSeconds = seconds.some((s) => s !== 0);
  const times = hours
    .flatMap((h) => minutes.flatMap((m) => seconds.map((s) => [h, m, s] as const)))
    .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2])
    .map((hms) =>
      hms
        .slice(0, withSeconds ? 3 : 2)
        .map(twoDigits)
        .join(':'),
    );
  return `at ${joined([...new Set(times)])}`;
}

/** "at minute 30" of an HOURLY rule; '' for MINUTELY on the whole minute and for SECONDLY; null when restricted. */
function subDailyWords({ freq, options }: RuleSpec): string | null {
  const [hours, minutes, seconds] = [list(options.byhour), list(options.byminute), list(options.bysecond)];
  if (hours !== null) return null;
  if (freq === FREQ.SECONDLY) return minutes === null && seconds === null ? '' : null;
  if (seconds?.length !== 1 || seconds[0] !== 0) return null;
  if (freq === FREQ.MINUTELY) return minutes === null ? '' : null;
  return minutes?.length === 1 ? `at minute ${minutes[0]}` : null;
}

/** BYDAY as weekday (0 = Monday) and ordinal (null when none); null without BYDAY. */
function weekdaysOf(value: unknown): Array<{ weekday: number; n: number | null }> | null {
  if (!Array.isArray(value)) return null;
  return (value as Array<number | { weekday: number; n?: number | null }>).map((w) =>
    typeof w === 'number' ? { weekday: w, n: null } : { weekday: w.weekday, n: w.n ?? null },
  );
}

function list(value: unknown): number[] | null {
  return Array.isArray(value) ? (value as number[]) : null;
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function twoDigits(n: number): string {
  return String(n).padStart(2, '0');
}

/** "a", "a and b", "a, b and c". */
function joined(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
