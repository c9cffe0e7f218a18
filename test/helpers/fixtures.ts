import { applyDeployments } from '../../src/deployments/applyDeployments.js';
import type { Database } from '../../src/db/openDatabase.js';
import type { DeploymentSpec, ScheduleSpec } from '../../src/deployments/file/index.js';
import { keyDeploymentSpecs } from '../../src/deployments/resolveSpecs.js';

export function scheduleSpec(definition: Record<string, unknown>, extra: Partial<ScheduleSpec> = {}): ScheduleSpec {
  return { definition, active: true, slug: null, parameters: {}, maxScheduledRuns: null, catchup: null, ...extra };
}

export function deploymentSpec(
  name: string,
  schedules: ScheduleSpec[],
  extra: Partial<DeploymentSpec> = {},
): DeploymentSpec {
  const [flowName, deploymentName] = name.split('/') as [string, string];
  return {
    flowName,
    name: deploymentName,
    description: null,
    tags: ['prod'],
    parameters: { region: 'eu' },
    workQueueName: 'default',
    paused: false,
    schedules,
    ...extra,
  };
}

/** Puts deployments in the database the way `deployments apply` does. */
export async function seedDeployments(db: Database, specs: DeploymentSpec[], now: Date) {
  return applyDeployments(db, keyDeploymentSpecs(specs, 'test'), { now });
}

/** Same shape as settings defaults; tests override what they exercise. */
export const DEFAULT_PASS_SETTINGS = {
  deploymentBatchSize: 100,
  insertBatchSize: 500,
  maxRuns: 100,
  minRuns: 3,
  maxScheduledTime: 100 * 86400,
  minScheduledTime: 3600,
  lateAfter: 15,
  markLateRuns: true,
  passHistory: 7 * 86400,
  catchup: 'none' as const,
  catchupWindow: 86400,
  catchupMaxRuns: 100,
};
