import { Writable } from 'node:stream';
import type { Clock } from '../../src/clock.js';
import { runCli } from '../../src/cli/run.js';
import { PACKAGE_VERSION } from '../../src/pass/instance.js';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed, when it is a JSON document. */
  json: any;
}

function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk;
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

/** Runs the CLI in this process with an injected clock: the commands as a user runs them, at a time the test picks. */
export async function runCliAt(clock: Clock, args: string[], env: Record<string, string>): Promise<InProcessResult> {
  const stdout = capture();
  const stderr = capture();
  const code = await runCli(
    ['node', 'scheduler', ...args],
    {
      env: { HOME: process.env.HOME ?? '/tmp', ...env },
      cwd: process.cwd(),
      stdout: stdout.stream,
      stderr: stderr.stream,
      clock,
    },
    PACKAGE_VERSION,
  );
  const out = stdout.text();
  return { code, stdout: out, stderr: stderr.text(), json: out.startsWith('{') ? JSON.parse(out) : null };
}
