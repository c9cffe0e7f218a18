import { readFileSync } from 'node:fs';
import type { Io } from './context.js';

// dist/src/cli/ and the CLI bundle (dist/bundle/cli/, what bin/ runs) are both three levels deep.
const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

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
