/** One entry of a deployment's `schedules:` list (or its Prefect 2 `schedule:`). */
import { readDuration } from '../../durations.js';
import { InvalidScheduleError } from '../../errors.js';
import type { DeploymentScope } from './context.js';
import { closestKey } from './didYouMean.js';
import {
  DEFINITION_KEYS,
  DEFINITION_OPTIONS,
  SCHEDULE_IGNORED,
  SCHEDULE_KINDS,
  SCHEDULE_USED,
  type ScheduleKind,
} from './keys.js';
import type { ScheduleSpec, ScheduleValidator } from './types.js';
import { optionalBoolean, optionalString, readParameters } from './fields.js';
import { describe, isEmpty, isMapping, type Mapping } from './values.js';
import { CATCHUP_POLICIES, isCatchupPolicy, type CatchupPolicy } from '../../pass/catchupPolicies.js';

/**
 * @param field where the schedule sits in its deployment: `schedules[2]` or `schedule`
 * @param keyPattern the same without the index, for the ignored-keys warning
 */
export function readSchedule(
  raw: unknown,
  field: string,
  keyPattern: string,
  scope: DeploymentScope,
  validate: ScheduleValidator,
): ScheduleSpec {
  if (!isMapping(raw)) {
    scope.fail(field, `must be a mapping such as {cron: "0 9 * * *", timezone: "Europe/Berlin"}, got ${describe(raw)}`);
  }
  const kind = scheduleKind(raw, field, scope);
  checkKeys(raw, kind, field, keyPattern, scope);
  const definition = readDefinition(raw, kind, field, scope);
  try {
    validate(definition);
  } catch (error) {
    if (!(error instanceof InvalidScheduleError)) throw error;
    if (!error.field) scope.fail(field, error.message);
    // The schedule module starts its messages with the field (`cron "61 * * * *": ...`),
    // which our prefix already names.
    const message = error.message.replace(new RegExp(`^${error.field}:? `), '');
    scope.fail(`${field}.${error.field}`, message);
  }
  return {
    definition,
    active: optionalBoolean(raw.active, `${field}.active`, scope) ?? true,
    slug: optionalString(raw.slug, `${field}.slug`, scope),
    parameters: readParameters(raw.parameters, `${field}.parameters`, scope),
    maxScheduledRuns: readMaxScheduledRuns(raw.max_scheduled_runs, `${field}.max_scheduled_runs`, scope),
    catchup: readCatchup(raw.catchup, `${field}.catchup`, scope),
  };
}

/** Like Prefect's RawScheduleConfig: exactly one of cron, interval, rrule. */
function scheduleKind(raw: Mapping, field: string, scope: DeploymentScope): ScheduleKind {
  const given = SCHEDULE_KINDS.filter((kind) => raw[kind] !== null && raw[kind] !== undefined);
  const [kind, ...others] = given;
  if (kind === undefined) scope.fail(field, 'needs one of cron, interval or rrule');
  if (others.length > 0) scope.fail(field, `has ${given.join(' and ')}; give exactly one of cron, interval or rrule`);
  return kind;
}

function checkKeys(raw: Mapping, kind: ScheduleKind, field: string, keyPattern: string, scope: DeploymentScope): void {
  for (const [key, value] of Object.entries(raw)) {
    if (SCHEDULE_IGNORED.has(key)) {
      if (!isEmpty(value)) scope.file.ignore(`${keyPattern}.${key}`);
    } else if (DEFINITION_OPTIONS.has(key) && !DEFINITION_KEYS[kind].includes(key)) {
      // anchor_date with cron, day_or with interval...: Prefect drops them too.
      if (!isEmpty(value)) scope.file.ignore(`${keyPattern}.${key} (with ${kind})`);
    } else if (!SCHEDULE_USED.has(key)) {
      const suggestion = closestKey(key, [...SCHEDULE_USED, ...SCHEDULE_IGNORED]);
      const hint = suggestion ? `did you mean "${suggestion}"?` : `a schedule takes ${[...SCHEDULE_USED].join(', ')}`;
      scope.fail(`${field}.${key}`, `unknown schedule key; ${hint}`);
    }
  }
}

function readDefinition(raw: Mapping, kind: ScheduleKind, field: string, scope: DeploymentScope): Mapping {
  const definition: Mapping = { [kind]: readKindValue(raw[kind], kind, `${field}.${kind}`, scope) };
  for (const key of DEFINITION_KEYS[kind]) {
    const read = key === 'day_or' ? optionalBoolean : optionalString;
    const value = read(raw[key], `${field}.${key}`, scope);
    // Prefect passes only the keys that are not None; an empty timezone is UTC as well.
    if (value !== null) definition[key] = value;
  }
  return definition;
}

function readKindValue(value: unknown, kind: ScheduleKind, field: string, scope: DeploymentScope): unknown {
  if (kind !== 'interval') {
    if (typeof value !== 'string') scope.fail(field, `must be a string, got ${describe(value)}`);
    return value;
  }
  // Seconds, HH:MM:SS or ISO-8601 as Prefect's timedelta takes them (README "Durations");
  // PyYAML already made an unquoted 1:00:00 the number 3600. The schedule module checks the rest.
  const interval = readDuration(value, 'positive');
  if ('problem' in interval) scope.fail(field, interval.problem);
  return interval.seconds;
}

function readMaxScheduledRuns(value: unknown, field: string, scope: DeploymentScope): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    scope.fail(field, `must be a positive whole number, got ${describe(value)}`);
  }
  return value;
}

/** none|latest|all, or Prefect's boolean (true = all, false = none); absent = the setting. */
function readCatchup(value: unknown, field: string, scope: DeploymentScope): CatchupPolicy | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'all' : 'none';
  const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (!isCatchupPolicy(text)) {
    scope.fail(
      field,
      `must be one of ${CATCHUP_POLICIES.join(', ')} (or true = all, false = none), got ${describe(value)}`,
    );
  }
  return text;
}
