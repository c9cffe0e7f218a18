/**
 * The schedule engine: pure functions from a schedule definition and a window to instants.
 * No I/O and no clock reads; `start` is always passed in.
 */
export { parseSchedule } from './parse.js';
export {
  setDefaultEngine,
  isScheduleEngine,
  SCHEDULE_ENGINES,
  type ScheduleEngine,
  type EvaluationOptions,
} from './engine.js';
export {
  iterateOccurrences,
  getOccurrences,
  getDates,
  isAfter,
  SEARCH_HORIZON_MS,
  type IterationOptions,
} from './window.js';
export { canonicalDefinition, timezoneOf, type CanonicalDefinition } from './canonical.js';
export { describeSchedule } from './describe.js';
export {
  parseInstant,
  parseIsoParts,
  instantsOfWall,
  formatInstant,
  formatOffset,
  formatWall,
  normalizeTimeZone,
} from './instant.js';
export { getZone, isKnownTimeZone, type Zone } from './zone.js';
export type {
  Schedule,
  CronSchedule,
  IntervalSchedule,
  RRuleSchedule,
  Occurrence,
  DateWindow,
} from './types.js';
