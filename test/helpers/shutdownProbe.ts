// A process that installs the CLI's shutdown handling, then stays busy as a long insert
// batch would: lets tests send a first and a second signal deterministically.
import { installShutdown } from '../../src/cli/signals.js';
import { createLineLogger } from '../../src/logger.js';

const logger = createLineLogger({
  level: 'info',
  format: 'text',
  now: () => new Date(),
  write: (line) => process.stderr.write(line),
});
const { signal } = installShutdown(logger);
process.stderr.write('ready\n');
await new Promise<void>((resolve) => setTimeout(resolve, 20_000));
process.stderr.write(signal.aborted ? 'finished after graceful stop\n' : 'finished\n');
