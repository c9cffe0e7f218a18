import { createRequire } from 'node:module';
import type * as Luxon from 'luxon';

/**
 * luxon as cron-parser loads it. luxon ships an ES-module build and a CommonJS build;
 * `import ... from 'luxon'` would load the first while cron-parser requires the second, so
 * every process that touched a cron compiled and ran luxon twice (~15 ms of start-up).
 */
const require = createRequire(import.meta.url);
export const { DateTime } = require('luxon') as typeof Luxon;
