/** A deployment's schedules, from `schedules:` or Prefect 2's single `schedule:`. */
import type { DeploymentScope } from './context.js';
import { readSchedule } from './schedule.js';
import type { ScheduleSpec, ScheduleValidator } from './types.js';
import { describe, isEmpty, isMapping, type Mapping } from './values.js';

export function readSchedules(raw: Mapping, scope: DeploymentScope, validate: ScheduleValidator): ScheduleSpec[] {
  const schedules = readScheduleList(raw, scope, validate);
  checkSlugsUnique(schedules, scope);
  return schedules;
}

function readScheduleList(raw: Mapping, scope: DeploymentScope, validate: ScheduleValidator): ScheduleSpec[] {
  const legacy = raw.schedule;
  // As Prefect's _handle_deprecated_schedule_fields: a non-empty `schedule` next to a
  // `schedules` key (whatever its value) is an error, not a merge.
  if (!isEmpty(legacy) && 'schedules' in raw) {
    scope.fail('schedule', 'both "schedule" and "schedules" are set (Prefect rejects this too); keep only "schedules"');
  }
  if (!isEmpty(legacy)) return [readLegacySchedule(legacy, scope, validate)];

  const list = raw.schedules;
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) {
    scope.fail('schedules', `must be a list of schedules (- cron: ...), got ${describe(list)}`);
  }
  return list.map((item, index) =>
    readSchedule(item, `schedules[${index}]`, 'deployments[].schedules[]', scope, validate),
  );
}

/**
 * Prefect 2's `schedule:` holds one mapping; Prefect 3 refuses any other shape, and older
 * versions silently deployed without the schedule, so a string or a list is an error here.
 */
function readLegacySchedule(legacy: unknown, scope: DeploymentScope, validate: ScheduleValidator): ScheduleSpec {
  if (typeof legacy === 'string') {
    scope.fail(
      'schedule',
      `must be a mapping, got ${describe(legacy)}; write schedule: {cron: ${JSON.stringify(legacy)}}`,
    );
  }
  if (Array.isArray(legacy)) {
    scope.fail('schedule', 'holds one schedule mapping, got a list; rename the key to "schedules" for a list');
  }
  if (!isMapping(legacy))
    scope.fail('schedule', `must be a mapping such as {cron: "0 9 * * *"}, got ${describe(legacy)}`);
  return readSchedule(legacy, 'schedule', 'deployments[].schedule', scope, validate);
}

/** SPEC: a slug is unique per deployment (it keys the schedule's runs). */
function checkSlugsUnique(schedules: ScheduleSpec[], scope: DeploymentScope): void {
  const seen = new Map<string, number>();
  schedules.forEach((schedule, index) => {
    if (schedule.slug === null) return;
    const first = seen.get(schedule.slug);
    if (first !== undefined) {
      scope.fail(
        `schedules[${index}].slug`,
        `"${schedule.slug}" is already the slug of schedules[${first}]; slugs must be unique within a deployment`,
      );
    }
    seen.set(schedule.slug, index);
  });
}
