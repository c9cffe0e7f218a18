/**
 * The schedule engine: pure functions from a schedule definition and a window to instants.
 * No I/O and no clock reads; `start` is always passed in.
 */
export { parseSchedule } from './parse.js';
export {
  setDefaultEngine,
  getDefaultEngine,
  isScheduleEngine,
  SCHEDULE_ENGINES,
  type ScheduleEngine,
  type EvaluationOptions,
} from './engine.js';
export { iterateOccurrences, getOccurrences, getDates, MAX_DATES_WITH_END, SEARCH_HORIZON_MS, type IterationOptions } from './window.js';
export { canonicalDefinition, type CanonicalDefinition } from './canonical.js';
export { describeSchedule } from './describe.js';
export { parseInstant, formatInstant, normalizeTimeZone } from './instant.js';
export { isKnownTimeZone } from './zone.js';
export { MAX_RRULE_LENGTH } from './rruleSyntax.js';
export type {
  Schedule,
  CronSchedule,
  IntervalSchedule,
  RRuleSchedule,
  Occurrence,
  DateWindow,
} from './types.js';
