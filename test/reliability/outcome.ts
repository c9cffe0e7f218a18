/** Classifies what one hostile input did: success, a proper usage error, or a reliability failure. */
import { performance } from 'node:perf_hooks';
import { SchedulerError } from '../../src/errors.js';
import { show } from './hostileCorpus.js';

export const CASE_BUDGET_MS = 2_000;

/** A line break or a control character that would let input rewrite the terminal (tab is allowed). */
export const NOT_ONE_LINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;

export interface Outcome<T> {
  value?: T;
  error?: SchedulerError;
  ms: number;
  /** Why this case breaks the contract; undefined when it does not. */
  failure?: string;
}

/** Runs one case: it must return, or throw a SchedulerError with exit code 2 and a one-line message, within the budget. */
export async function outcomeOf<T>(run: () => T | Promise<T>): Promise<Outcome<T>> {
  const started = performance.now();
  try {
    const value = await run();
    const ms = performance.now() - started;
    return { value, ms, failure: ms > CASE_BUDGET_MS ? `took ${ms.toFixed(0)} ms` : undefined };
  } catch (error) {
    const ms = performance.now() - started;
    if (!(error instanceof SchedulerError)) {
      return {
        ms,
        failure: `threw ${(error as Error)?.constructor?.name ?? typeof error}, not a SchedulerError: ${show((error as Error)?.message ?? error, 200)}`,
      };
    }
    let failure: string | undefined;
    if (error.exitCode !== 2) failure = `exit code ${error.exitCode}, not 2`;
    else if (error.message.trim() === '') failure = 'empty message';
    else if (NOT_ONE_LINE.test(error.message))
      failure = `message is not one printable line: ${show(error.message, 200)}`;
    else if (ms > CASE_BUDGET_MS) failure = `took ${ms.toFixed(0)} ms to fail`;
    return { error, ms, failure };
  }
}

/** Collects failures; reports the first few with their inputs, and a tally of the rest. */
export class Failures {
  private readonly items: string[] = [];

  add(label: string, input: unknown, failure: string): void {
    this.items.push(`${label}: ${failure}\n    input: ${show(input)}`);
  }

  get count(): number {
    return this.items.length;
  }

  report(seed: number): string {
    const shown = this.items.slice(0, 15).join('\n');
    const more = this.items.length > 15 ? `\n... and ${this.items.length - 15} more` : '';
    return `${this.items.length} case(s) broke the contract (seed ${seed}; RELIABILITY_SEED=${seed} reproduces):\n${shown}${more}`;
  }
}
