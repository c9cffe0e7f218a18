/** Running the real CLI for the reliability tests, and what its error output must look like. */
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { runCli, type CliResult } from '../helpers/cli.js';

export interface TimedResult extends CliResult {
  ms: number;
  args: string[];
}

export async function runTimed(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<TimedResult> {
  const started = performance.now();
  const result = await runCli(args, { ...options, timeoutMs: 20_000 });
  return { ...result, ms: performance.now() - started, args };
}

/** Runs `work` over `items`, at most `limit` at a time, results in input order. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}

const STACK_LINE = /^\s+at .+/m;

/**
 * What a refused input must print: exit 2, exactly one line on stderr and no stack trace;
 * with --json exactly one error document on stdout, else nothing there. Returns the
 * problems found (empty when none).
 */
export function usageErrorProblems(result: TimedResult, budgetMs = 2_000): string[] {
  const problems: string[] = [];
  if (result.code !== 2) problems.push(`exit ${result.code ?? result.signal}, expected 2`);
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  if (lines.length !== 1) problems.push(`${lines.length} lines on stderr, expected 1`);
  if (STACK_LINE.test(result.stderr) || STACK_LINE.test(result.stdout)) problems.push('a stack trace');
  if (result.args.includes('--json')) {
    const documents = result.stdout.split('\n').filter((line) => line !== '');
    try {
      if (documents.length !== 1) throw new Error(`${documents.length} lines`);
      const { error } = JSON.parse(documents[0]!) as { error?: { code?: unknown; message?: unknown } };
      if (
        typeof error?.code !== 'string' ||
        !error.code.startsWith('E_') ||
        typeof error.message !== 'string' ||
        error.message === ''
      ) {
        throw new Error('no {"error":{"code":"E_…","message":"…"}}');
      }
    } catch (error) {
      problems.push(`stdout is not one JSON error document (${(error as Error).message})`);
    }
  } else if (result.stdout !== '') {
    problems.push('output on stdout');
  }
  if (result.ms > budgetMs) problems.push(`took ${result.ms.toFixed(0)} ms`);
  return problems;
}

/** What an accepted input must print: exit 0, no stack trace, one JSON document with --json. */
export function successProblems(result: TimedResult, budgetMs = 2_000): string[] {
  const problems: string[] = [];
  if (result.code !== 0) problems.push(`exit ${result.code ?? result.signal}, expected 0`);
  if (STACK_LINE.test(result.stderr) || STACK_LINE.test(result.stdout)) problems.push('a stack trace');
  if (result.args.includes('--json')) {
    try {
      JSON.parse(result.stdout);
      if (result.stdout.trimEnd().includes('\n')) throw new Error('more than one line');
    } catch (error) {
      problems.push(`stdout is not one JSON document (${(error as Error).message})`);
    }
  }
  if (result.ms > budgetMs) problems.push(`took ${result.ms.toFixed(0)} ms`);
  return problems;
}

export function describeResult(result: TimedResult): string {
  const cut = (text: string) => (text.length > 600 ? `${text.slice(0, 600)}...` : text);
  return `scheduler ${result.args.map((arg) => JSON.stringify(arg.length > 80 ? `${arg.slice(0, 80)}...` : arg)).join(' ')}\n  exit ${result.code} in ${result.ms.toFixed(0)} ms\n  stdout: ${JSON.stringify(cut(result.stdout))}\n  stderr: ${JSON.stringify(cut(result.stderr))}`;
}

/** Every row of every table of a SQLite database, as one string: equal strings mean nothing was written. */
export function sqliteSnapshot(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{
      name: string;
    }>;
    return JSON.stringify(
      tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}" ORDER BY rowid`).all()]),
    );
  } finally {
    db.close();
  }
}
