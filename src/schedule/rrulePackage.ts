import { createRequire } from 'node:module';
import type * as RRuleModule from 'rrule';

const require = createRequire(import.meta.url);
let loaded: typeof RRuleModule | undefined;

/** The most dates asked of the package in one call; the engine's batches double up to it. */
export const MAX_BATCH = 2048;

/**
 * The rrule package, loaded on first use: only RRule schedules need it, and loading it costs
 * ~25 ms of every start-up otherwise (an inline cron preview, a pass over cron schedules).
 */
export function rrulePackage(): typeof RRuleModule {
  loaded ??= require('rrule') as typeof RRuleModule;
  return loaded;
}
