import type { Io } from './context.js';
import { PACKAGE_VERSION as version } from '../pass/instance.js';

/**
 * The CLI's entry: returns the exit code. `--version` alone answers before Commander,
 * chalk and the command tree are loaded (health checks call it often); everything else
 * goes through runCli.
 */
export async function main(argv: string[], io: Io): Promise<number> {
  if (argv.length === 3 && argv[2] === '--version') {
    io.stdout.write(`${version}\n`);
    return 0;
  }
  const { runCli } = await import('./run.js');
  return runCli(argv, io, version);
}
