import { createRequire } from 'node:module';
import type * as RRuleModule from 'rrule';

const require = createRequire(import.meta.url);
let loaded: typeof RRuleModule | undefined;

/**
 * The rrule package, loaded on first use: only RRule schedules need it, and loading it costs
 * ~25 ms of every start-up otherwise (an inline cron preview, a pass over cron schedules).
 */
export function rrulePackage(): typeof RRuleModule {
  loaded ??= require('rrule') as typeof RRuleModule;
  return loaded;
}
