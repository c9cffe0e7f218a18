/**
 * Dates per second of the schedule engine (`npm run bench:dates`), against the raw
 * cron-parser iterator in the same run. Each row asks for TARGET dates (default 1,000,000;
 * first argument or BENCH_DATES_COUNT overrides) but stops after BENCH_DATES_SECONDS
 * (default 15) and extrapolates, so a slow path cannot hold the run for minutes.
 */
import { CronExpressionParser } from 'cron-parser';
import rrulePkg from 'rrule';
import { iterateOccurrences, parseSchedule } from '../../src/schedule/index.js';

const { RRule } = rrulePkg;

const TARGET = Number(process.argv[2] ?? process.env.BENCH_DATES_COUNT ?? 1_000_000);
const BUDGET_MS = Number(process.env.BENCH_DATES_SECONDS ?? 15) * 1000;
const ZONE = 'America/New_York';
const START = new Date('2026-01-01T00:00:00Z');
/** How often (in dates) the clock is checked against the budget. */
const CHECK_EVERY = 4096;

interface Row {
  name: string;
  dates: number;
  ms: number;
  last: string;
}

/** Pulls up to TARGET dates from `next` (null = exhausted) within the time budget. */
function measure(name: string, next: () => Date | null): Row {
  const began = performance.now();
  let dates = 0;
  let last: Date | null = null;
  while (dates < TARGET) {
    const date = next();
    if (date === null) break;
    last = date;
    dates++;
    if (dates % CHECK_EVERY === 0 && performance.now() - began > BUDGET_MS) break;
  }
  return { name, dates, ms: performance.now() - began, last: last?.toISOString() ?? '-' };
}

function ours(definition: unknown): () => Date | null {
  const iterator = iterateOccurrences(parseSchedule(definition), START);
  return () => {
    const next = iterator.next();
    return next.done ? null : next.value.at;
  };
}

function rawCron(tz: string): () => Date | null {
  const expression = CronExpressionParser.parse('* * * * *', { currentDate: new Date(START.getTime() - 1), tz });
  return () => expression.next().toDate();
}

/** The rrule package alone, collecting in one walk (its fastest mode). */
function rawRRuleDaily(): Row {
  const began = performance.now();
  let dates = 0;
  let last: Date | null = null;
  new RRule({ freq: RRule.DAILY, dtstart: START }, true).all((date) => {
    last = date;
    dates++;
    return dates < TARGET && (dates % CHECK_EVERY !== 0 || performance.now() - began <= BUDGET_MS);
  });
  return { name: 'rrule package: FREQ=DAILY (floating, no zone)', dates, ms: performance.now() - began, last: (last as Date | null)?.toISOString() ?? '-' };
}

const rows: Row[] = [
  measure(`cron-parser raw: * * * * * (${ZONE})`, rawCron(ZONE)),
  measure('cron-parser raw: * * * * * (UTC)', rawCron('UTC')),
  measure(`ours: cron * * * * * (${ZONE})`, ours({ cron: '* * * * *', timezone: ZONE })),
  measure(`ours: interval 3600 (${ZONE})`, ours({ interval: 3600, timezone: ZONE })),
  measure(`ours: rrule FREQ=DAILY (${ZONE})`, ours({ rrule: 'FREQ=DAILY', timezone: ZONE })),
  rawRRuleDaily(),
];

const rate = (row: Row): number => (row.dates / row.ms) * 1000;
const baseline = rate(rows[0]!);
const format = (n: number): string => Math.round(n).toLocaleString('en-US');

console.log(`# Dates per second, ${format(TARGET)} occurrences per row from ${START.toISOString()}\n`);
console.log(`Node ${process.version}; time budget ${BUDGET_MS / 1000} s per row; ratio = dates/s ÷ raw cron-parser in ${ZONE}.\n`);
console.log('| iterator | dates measured | seconds | dates/s | ratio | last date |');
console.log('|---|---:|---:|---:|---:|---|');
for (const row of rows) {
  const partial = row.dates < TARGET ? ' (budget hit; extrapolated)' : '';
  console.log(
    `| ${row.name} | ${format(row.dates)}${partial} | ${(row.ms / 1000).toFixed(2)} | ${format(rate(row))} | ${(rate(row) / baseline).toFixed(2)}x | ${row.last} |`,
  );
}
const slow = rows.filter((row) => row.dates < TARGET);
if (slow.length > 0) {
  const eta = slow.map((row) => `${row.name}: ~${(TARGET / rate(row)).toFixed(0)} s`).join('; ');
  console.log(`\nRows marked "extrapolated" stopped at the budget; full ${format(TARGET)} would take ${eta}.`);
}
