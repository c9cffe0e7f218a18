import { uuidv7 } from '../ids.js';
import { generateRunName } from '../runs/runName.js';
import { idempotencyKeyOf } from '../runs/idempotency.js';
import type { Occurrence } from '../schedule/index.js';
import type { DeploymentToSchedule, ScheduleToPlan, ScheduledRunRow } from './schedulingStore.js';

/** Where a run comes from, beyond the pass's own planning: its tag says so. */
export type RunOrigin = 'catch-up' | 'backfill';

/** A scheduled run's tags, on every data model: `auto-scheduled`, its origin if any, the deployment's. */
export function scheduledRunTags(deploymentTags: string[], origin: RunOrigin | null): string[] {
  return ['auto-scheduled', ...(origin === null ? [] : [origin]), ...deploymentTags];
}

/**
 * SPEC section 4 step 3: one Scheduled flow run per planned date, with tags
 * `["auto-scheduled", ...deployment tags]` (plus `catch-up` or `backfill` after
 * `auto-scheduled` for such runs) and the deployment's parameters overridden by the
 * schedule's.
 */
export function buildScheduledRuns(
  deployment: Pick<DeploymentToSchedule, 'id' | 'flowId' | 'tags' | 'parameters' | 'workQueueName'>,
  schedule: Pick<ScheduleToPlan, 'id' | 'key' | 'parameters'>,
  occurrences: Occurrence[],
  nowMs: number,
  origin: RunOrigin | null = null,
): ScheduledRunRow[] {
  const parameters = JSON.stringify({ ...deployment.parameters, ...schedule.parameters });
  const tags = JSON.stringify(scheduledRunTags(deployment.tags, origin));
  return occurrences.map((occurrence) => ({
    id: uuidv7(nowMs),
    stateId: uuidv7(nowMs),
    name: generateRunName(),
    flowId: deployment.flowId,
    deploymentId: deployment.id,
    deploymentScheduleId: schedule.id,
    workQueueName: deployment.workQueueName,
    parameters,
    tags,
    idempotencyKey: idempotencyKeyOf(deployment.id, schedule.key, occurrence),
    // The tool's own columns keep milliseconds (README "In place of Prefect's scheduler").
    expectedStartTime: occurrence.at,
  }));
}
