import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../../bin/scheduler.js', import.meta.url));
import { REPO_ROOT } from './paths.js';

export { REPO_ROOT };

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
}

/** Runs the real CLI as a process with pipes (so never a TTY), with only the env given plus PATH and HOME. */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return runCliAt(BIN, args, options);
}

/** The same with another copy of the CLI: an executable such as an installed `scheduler`. */
export async function runCliAt(executable: string, args: string[], options: RunOptions = {}): Promise<CliResult> {
  const child = spawnCliAt(executable, args, options);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const { code, signal } = await child.closed;
  clearTimeout(timer);
  return { code, signal, stdout: child.stdout(), stderr: child.stderr() };
}

export interface CliProcess {
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts the real CLI (a `loop`) and collects its output as it comes; env as runCli's. */
export function spawnCli(args: string[], options: RunOptions = {}): CliProcess {
  return spawnCliAt(BIN, args, options);
}

function spawnCliAt(executable: string, args: string[], options: RunOptions): CliProcess {
  const [command, ...prefix] = executable === BIN ? [process.execPath, BIN] : [executable];
  const child = spawn(command!, [...prefix, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    exited: closed.then(({ code }) => code),
    closed,
    kill: (signal = 'SIGTERM') => child.kill(signal),
  };
}
