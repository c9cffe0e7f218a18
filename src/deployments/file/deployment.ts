/** One entry of the file's `deployments:` list. */
import { DeploymentScope, type FileContext } from './context.js';
import { flowNameFromEntrypoint } from './flowName.js';
import { DEPLOYMENT_IGNORED, DEPLOYMENT_USED } from './keys.js';
import { optionalBoolean, optionalString, readParameters } from './fields.js';
import { readSchedules } from './schedules.js';
import type { DeploymentSpec, ScheduleValidator } from './types.js';
import { describe, isEmpty, isMapping, type Mapping } from './values.js';

export function readDeployment(
  raw: unknown,
  index: number,
  file: FileContext,
  validate: ScheduleValidator,
): DeploymentSpec {
  const position = `deployments[${index}]`;
  if (!isMapping(raw))
    file.fail(position, `must be a mapping with name and entrypoint (or flow_name), got ${describe(raw)}`);
  const name = readName(raw, position, file);
  const flowName = readFlowName(raw, `${position} ("${name}")`, file);
  const scope = new DeploymentScope(file, `deployment "${flowName}/${name}"`);
  reportKeys(raw, scope);
  const deployment: DeploymentSpec = {
    flowName,
    name,
    description: optionalString(raw.description, 'description', scope),
    tags: readTags(raw.tags, scope),
    parameters: readParameters(raw.parameters, 'parameters', scope),
    workQueueName: readWorkQueueName(raw, scope),
    paused: optionalBoolean(raw.paused, 'paused', scope) ?? false,
    schedules: readSchedules(raw, scope, validate),
  };
  warnAboutTemplates(deployment, scope);
  return deployment;
}

function readName(raw: Mapping, position: string, file: FileContext): string {
  const name = raw.name;
  if (name === null || name === undefined || name === '')
    file.fail(position, 'has no "name"; every deployment needs one');
  if (typeof name !== 'string') file.fail(`${position}.name`, `must be a string, got ${describe(name)}`);
  return name;
}

function readFlowName(raw: Mapping, label: string, file: FileContext): string {
  const { flow_name: flowName, entrypoint } = raw;
  if (typeof flowName === 'string' && flowName !== '') {
    // "/" separates FLOW/DEPLOYMENT in every command (Prefect forbids it in flow names too).
    if (flowName.includes('/'))
      file.fail(
        `${label}, flow_name`,
        `"${flowName}" must not contain "/": it separates FLOW/DEPLOYMENT in deployment names`,
      );
    return flowName;
  }
  if (!isEmpty(flowName)) file.fail(`${label}, flow_name`, `must be a string, got ${describe(flowName)}`);
  if (isEmpty(entrypoint))
    file.fail(label, 'needs flow_name or entrypoint (e.g. entrypoint: flows/etl.py:run_etl) to know its flow');
  if (typeof entrypoint !== 'string')
    file.fail(`${label}, entrypoint`, `must be a string, got ${describe(entrypoint)}`);
  const derived = flowNameFromEntrypoint(entrypoint);
  if (derived === null) {
    file.fail(
      `${label}, entrypoint`,
      `"${entrypoint}" names no flow function; use path/file.py:function or set flow_name`,
    );
  }
  return derived;
}

/** Prefect keys we do not use go to the file's one warning; non-Prefect keys get their own. */
function reportKeys(raw: Mapping, scope: DeploymentScope): void {
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (DEPLOYMENT_IGNORED.has(key)) {
      if (!isEmpty(value)) scope.file.ignore(`deployments[].${key}`);
    } else if (!DEPLOYMENT_USED.has(key)) {
      unknown.push(`"${key}"`);
    }
  }
  // The entrypoint's only use is naming the flow, so it is unused next to flow_name.
  if (!isEmpty(raw.flow_name) && !isEmpty(raw.entrypoint))
    scope.file.ignore('deployments[].entrypoint (with flow_name)');
  if (isMapping(raw.work_pool)) {
    for (const [key, value] of Object.entries(raw.work_pool)) {
      if (key !== 'work_queue_name' && !isEmpty(value)) scope.file.ignore(`deployments[].work_pool.${key}`);
    }
  }
  if (unknown.length > 0) {
    scope.file.warn(`${scope.label}: ignoring ${unknown.join(', ')}: not Prefect deployment settings`);
  }
}

/**
 * `prefect deploy` fills in `{{ $ENV_VAR }}`, `{{ prefect.variables.x }}` and build-step
 * outputs; this tool has none of those, so a template would reach flow runs as text.
 */
function warnAboutTemplates(deployment: DeploymentSpec, scope: DeploymentScope): void {
  const template = /\{\{.*?\}\}/.exec(JSON.stringify(deployment));
  if (template) {
    scope.file.warn(
      `${scope.label}: Prefect templates such as ${template[0]} are not filled in; their text is used as written`,
    );
  }
}

function readTags(value: unknown, scope: DeploymentScope): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) scope.fail('tags', `must be a list of strings, got ${describe(value)}`);
  value.forEach((tag, index) => {
    if (typeof tag !== 'string') scope.fail(`tags[${index}]`, `must be a string, got ${describe(tag)}`);
  });
  return value as string[];
}

/** `work_pool.work_queue_name`, else a deployment-level `work_queue_name`. */
function readWorkQueueName(raw: Mapping, scope: DeploymentScope): string | null {
  const pool = raw.work_pool;
  if (pool !== null && pool !== undefined && !isMapping(pool)) {
    scope.fail(
      'work_pool',
      `must be a mapping such as {name: my-pool, work_queue_name: default}, got ${describe(pool)}`,
    );
  }
  const fromPool = pool ? optionalString(pool.work_queue_name, 'work_pool.work_queue_name', scope) : null;
  return fromPool ?? optionalString(raw.work_queue_name, 'work_queue_name', scope);
}
