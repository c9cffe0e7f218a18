/**
 * The library API: what the CLI is a thin shell over. A program can schedule, loop and
 * preview without spawning the CLI:
 *
 *   const db = await openSqlDatabase('file:/var/lib/scheduler.db');
 *   const report = await runOnce({ db, clock: systemClock, settings });
 */
export {
  runOnce,
  scheduleDeployments,
  type PassReport,
  type PassSettings,
  type RunOnceOptions,
  type ScheduleDeploymentsOptions,
  type ScheduleFailure,
} from './pass/runOnce.js';
export { recordPass, type PassKind, type PassOutcome, type PassRecord } from './pass/passHistory.js';
export { explainDeployment, type ExplainDocument, type ExplainRequest, type Verdict } from './explain/explain.js';
export { schedulerExplainStore, type ExplainStore } from './explain/explainStore.js';
export { readStatus, type StatusDocument, type StatusRequest } from './status/status.js';
export { schedulerStatusStore, type StatusStore } from './status/statusStore.js';
export { prefectExplainStore, prefectStatusStore } from './prefect/prefectScheduleRuns.js';
export { openPrefectDatabase } from './prefect/openPrefectDatabase.js';
export { backfill, type BackfillReport, type BackfillRequest } from './pass/backfill.js';
export { CATCHUP_POLICIES, type CatchupPolicy } from './pass/catchupPolicies.js';
export { runLoop, type LoopReport, type RunLoopOptions } from './pass/runLoop.js';
export { planScheduleRuns, type RunPlanLimits } from './pass/planScheduleRuns.js';
export {
  preview,
  previewSchedule,
  type PreviewRequest,
  type PreviewRun,
  type PreviewWindow,
} from './preview/preview.js';
export {
  canonicalDefinition,
  describeSchedule,
  getDates,
  getOccurrences,
  iterateOccurrences,
  parseInstant,
  parseSchedule,
  type Occurrence,
  type Schedule,
} from './schedule/index.js';
export { openSqlDatabase, type SqlDatabase } from './db/openSqlDatabase.js';
export { openDatabase, type Database } from './db/openDatabase.js';
export { applyDeployments, type ApplyReport } from './deployments/applyDeployments.js';
export { keyDeploymentSpecs } from './deployments/resolveSpecs.js';
export { loadDeploymentsFile, parseDeploymentsFile, type DeploymentSpec } from './deployments/file/index.js';
export { resolveSettings } from './settings/resolveSettings.js';
export type { Settings } from './settings/definitions.js';
export { systemClock, type Clock } from './clock.js';
export type { Logger } from './logger.js';
export * from './errors.js';
