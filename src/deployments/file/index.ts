/**
 * Deployments files (`deployments apply -f`, `schedule preview -f`): Prefect's prefect.yaml
 * `deployments:` section, or the same shape in JSON. Pure reading and validation; the
 * schedule validator is injected so this module does not depend on the schedule engine.
 */
export type { DeploymentSpec, DeploymentsFile, ScheduleSpec, ScheduleValidator } from './types.js';
export { parseDeploymentsFile } from './parse.js';
export { loadDeploymentsFile } from './load.js';
