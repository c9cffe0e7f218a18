import { ConfigError } from '../errors.js';
import { canonicalDefinition, parseSchedule } from '../schedule/index.js';
import { scheduleKeyOf } from '../runs/idempotency.js';
import type { DeploymentSpec, ScheduleSpec } from './file/index.js';

export interface KeyedScheduleSpec extends ScheduleSpec {
  /** Slug, or a hash of the canonical definition: what run idempotency keys are made of. */
  key: string;
  /** The normalised definition that is stored and compared. */
  canonical: Record<string, unknown>;
}

export interface KeyedDeploymentSpec extends Omit<DeploymentSpec, 'schedules'> {
  schedules: KeyedScheduleSpec[];
}

/**
 * Gives every schedule its key. Two schedules of one deployment with the same key (same
 * slug, or the same definition and no slug) would share their runs' idempotency keys,
 * so that is an error asking for a slug.
 */
export function keyDeploymentSpecs(specs: DeploymentSpec[], source: string): KeyedDeploymentSpec[] {
  return specs.map((spec) => {
    const seen = new Set<string>();
    const schedules = spec.schedules.map((schedule, index) => {
      const canonical = canonicalDefinition(parseSchedule(schedule.definition)) as Record<string, unknown>;
      const key = scheduleKeyOf(schedule.slug, canonical);
      if (seen.has(key)) {
        throw new ConfigError(
          `${source}: deployment "${spec.flowName}/${spec.name}", schedules[${index}]: ${schedule.slug ? `slug "${schedule.slug}" is used twice` : 'the same schedule appears twice'}; give each schedule a distinct slug`,
        );
      }
      seen.add(key);
      return { ...schedule, key, canonical };
    });
    return { ...spec, schedules };
  });
}
