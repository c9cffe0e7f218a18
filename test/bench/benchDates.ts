/**
 * Dates per second of both schedule engines (`npm run bench:dates`), one markdown table.
 * The fast path is measured on FAST_COUNT occurrences per row (default 1,000,000; first
 * argument or BENCH_DATES_COUNT overrides); the reference path on REFERENCE_COUNT (default
 * 20,000; BENCH_REFERENCE_COUNT) and its rate extrapolated, as 1,000,000 would take minutes.
 * Ratio = fast dates/s ÷ reference dates/s; the target column is README "Performance"'s.
 */
import { CronExpressionParser } from 'cron-parser';
import { iterateOccurrences, parseSchedule, type ScheduleEngine } from '../../src/schedule/index.js';

const FAST_COUNT = Number(process.argv[2] ?? process.env.BENCH_DATES_COUNT ?? 1_000_000);
const REFERENCE_COUNT = Number(process.env.BENCH_REFERENCE_COUNT ?? 20_000);
const START = new Date('2026-01-01T00:00:00Z');

interface Case {
  readonly name: string;
  readonly definition: Record<string, unknown>;
  readonly target: number;
}

const CASES: readonly Case[] = [
  {
    name: 'cron `*/5 * * * *` America/New_York',
    definition: { cron: '*/5 * * * *', timezone: 'America/New_York' },
    target: 50,
  },
  {
    name: 'cron `0 9 * * 1-5` Europe/London',
    definition: { cron: '0 9 * * 1-5', timezone: 'Europe/London' },
    target: 50,
  },
  { name: 'interval 300 s America/New_York', definition: { interval: 300, timezone: 'America/New_York' }, target: 50 },
  {
    name: 'interval 86400 s America/New_York',
    definition: { interval: 86400, timezone: 'America/New_York' },
    target: 50,
  },
  {
    name: 'rrule `FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=9` Europe/Berlin',
    definition: { rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=9', timezone: 'Europe/Berlin' },
    target: 10,
  },
];

interface Rate {
  readonly dates: number;
  readonly perSecond: number;
  readonly last: string;
}

/** Pulls up to `count` dates from `next` (null = exhausted) and times it. */
function measure(count: number, next: () => Date | null): Rate {
  const began = performance.now();
  let dates = 0;
  let last: Date | null = null;
  for (let date = next(); date !== null && dates < count; date = dates < count ? next() : null) {
    last = date;
    dates++;
  }
  const seconds = (performance.now() - began) / 1000;
  return { dates, perSecond: dates / seconds, last: last?.toISOString() ?? '-' };
}

function engineRate(definition: Record<string, unknown>, engine: ScheduleEngine, count: number): Rate {
  const iterator = iterateOccurrences(parseSchedule(definition), START, { engine });
  return measure(count, () => {
    const next = iterator.next();
    return next.done ? null : next.value.at;
  });
}

function cronParserRate(cron: string, tz: string, count: number): Rate {
  const expression = CronExpressionParser.parse(cron, { currentDate: new Date(START.getTime() - 1), tz });
  return measure(count, () => expression.next().toDate());
}

const format = (n: number): string => Math.round(n).toLocaleString('en-US');
const counted = (rate: Rate, asked: number): string =>
  `${format(rate.dates)}${rate.dates < asked ? ' (exhausted)' : ''}`;

console.log(`# Schedule engine: dates per second from ${START.toISOString()}\n`);
console.log(
  `Node ${process.version}. Fast path: ${format(FAST_COUNT)} occurrences per row. Reference path: ${format(REFERENCE_COUNT)} ` +
    `occurrences per row, rate extrapolated to ${format(FAST_COUNT)}.\n`,
);
console.log(
  '| schedule | fast dates | fast dates/s | reference dates (extrapolated) | reference dates/s | fast/reference | target | last fast date |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---|');
for (const { name, definition, target } of CASES) {
  // The reference first, so the fast path gets no head start from its warmed zone caches.
  const reference = engineRate(definition, 'reference', REFERENCE_COUNT);
  const fast = engineRate(definition, 'fast', FAST_COUNT);
  const ratio = fast.perSecond / reference.perSecond;
  const verdict = ratio >= target ? 'met' : 'MISSED';
  console.log(
    `| ${name} | ${counted(fast, FAST_COUNT)} | ${format(fast.perSecond)} | ${counted(reference, REFERENCE_COUNT)} | ${format(reference.perSecond)} | ` +
      `${ratio.toFixed(1)}x | >= ${target}x ${verdict} | ${fast.last} |`,
  );
}
const raw = cronParserRate('*/5 * * * *', 'America/New_York', REFERENCE_COUNT);
console.log(
  `| context: cron-parser's own iterator, \`*/5 * * * *\` in America/New_York (its DST handling, not SPEC's) | - | - | ` +
    `${counted(raw, REFERENCE_COUNT)} | ${format(raw.perSecond)} | - | - | ${raw.last} |`,
);
