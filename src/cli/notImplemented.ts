import { SchedulerError, EXIT } from '../errors.js';

/** For commands whose issue has not landed yet: one clear line, exit 1. */
export function notImplemented(command: string): never {
  throw new SchedulerError('E_NOT_IMPLEMENTED', `\`scheduler ${command}\` is not implemented yet`, EXIT.runtime);
}
