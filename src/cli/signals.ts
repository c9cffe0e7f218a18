import type { Logger } from '../logger.js';
import { EXIT } from '../errors.js';

/**
 * First SIGINT/SIGTERM: abort, so the work in hand finishes its insert batch and the
 * command exits with the code it earned. Second: exit at once with 130/143.
 */
export function installShutdown(logger: Logger): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      logger.error(`${name} again: stopping now`);
      process.exit(name === 'SIGINT' ? EXIT.sigint : EXIT.sigterm);
    }
    logger.warn(`${name} received: stopping after the batch in flight (send it again to stop at once)`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
