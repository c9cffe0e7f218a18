/**
 * Evaluates the generated schedule corpus in a worker thread, so that a case that never
 * returns (a synchronous endless loop) can be stopped from outside: the main thread
 * terminates the worker and starts a new one after the hung case. See runScheduleCorpus.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { getDates, parseSchedule, type Schedule } from '../../src/schedule/index.js';
import { WINDOW_STARTS, sample, scheduleDefinition } from './hostileCorpus.js';
import { CASE_BUDGET_MS, outcomeOf } from './outcome.js';

const DAY_MS = 86_400_000;

export interface ScheduleCaseResult {
  index: number;
  start: string;
  valid: boolean;
  ms: number;
  failure?: string;
}

interface Job {
  n: number;
  salt: number;
  from: number;
}

type Message = { type: 'start'; index: number } | { type: 'done'; result: ScheduleCaseResult };

/** What a valid schedule must give: valid, strictly increasing instants inside the window, no more than asked. */
function checkDates(schedule: Schedule, start: Date): string | undefined {
  const windows = [
    { start, count: 25 },
    { start, end: new Date(start.getTime() + 3 * DAY_MS) },
  ];
  for (const window of windows) {
    const dates = getDates(schedule, window);
    const limit = window.count ?? 1000;
    if (dates.length > limit) return `${dates.length} dates for count ${limit}`;
    let previous = -Infinity;
    for (const date of dates) {
      const ms = date.getTime();
      if (Number.isNaN(ms)) return 'an invalid Date';
      if (ms < start.getTime()) return `${date.toISOString()} is before start ${start.toISOString()}`;
      if (window.end && ms > window.end.getTime())
        return `${date.toISOString()} is after end ${window.end.toISOString()}`;
      if (ms <= previous) return `dates not strictly increasing at ${date.toISOString()}`;
      previous = ms;
    }
  }
  return undefined;
}

async function work({ n, salt, from }: Job): Promise<void> {
  const definitions = sample(scheduleDefinition, n, salt);
  for (let index = from; index < n; index += 1) {
    const start = WINDOW_STARTS[index % WINDOW_STARTS.length]!;
    parentPort!.postMessage({ type: 'start', index } satisfies Message);
    const outcome = await outcomeOf(() => {
      const schedule = parseSchedule(definitions[index]);
      const problem = checkDates(schedule, start);
      if (problem) throw new Error(`valid schedule, wrong dates from ${start.toISOString()}: ${problem}`);
      return schedule;
    });
    const result: ScheduleCaseResult = {
      index,
      start: start.toISOString(),
      valid: outcome.value !== undefined,
      ms: outcome.ms,
      failure: outcome.failure,
    };
    parentPort!.postMessage({ type: 'done', result } satisfies Message);
  }
}

if (!isMainThread && parentPort && (workerData as { scheduleCorpus?: Job })?.scheduleCorpus) {
  await work((workerData as { scheduleCorpus: Job }).scheduleCorpus);
}

/**
 * Runs cases 0..n-1 of the corpus (seeded by salt); a case still running HANG_MS after it
 * started is recorded as a hang, its worker terminated, and the rest go to a new worker.
 */
export async function runScheduleCorpus(n: number, salt: number): Promise<ScheduleCaseResult[]> {
  const HANG_MS = CASE_BUDGET_MS + 500;
  const results: ScheduleCaseResult[] = [];
  let from = 0;
  while (from < n) {
    from = await new Promise<number>((resolve, reject) => {
      const worker = new Worker(new URL(import.meta.url), { workerData: { scheduleCorpus: { n, salt, from } } });
      let timer: NodeJS.Timeout | undefined;
      let finished = false;
      worker.on('message', (message: Message) => {
        clearTimeout(timer);
        if (message.type === 'start') {
          timer = setTimeout(() => {
            finished = true;
            results.push({
              index: message.index,
              start: '',
              valid: false,
              ms: HANG_MS,
              failure: `still running after ${HANG_MS} ms (stopped)`,
            });
            void worker.terminate();
            resolve(message.index + 1);
          }, HANG_MS);
        } else {
          results.push(message.result);
        }
      });
      worker.on('error', (error) => {
        clearTimeout(timer);
        if (!finished) reject(error);
      });
      worker.on('exit', () => {
        clearTimeout(timer);
        if (!finished) resolve(n);
      });
    });
  }
  return results.sort((a, b) => a.index - b.index);
}
