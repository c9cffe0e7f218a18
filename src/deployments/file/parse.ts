/** Reads a whole deployments file: every deployment is validated before anything is returned. */
import { FileContext } from './context.js';
import { readDeployment } from './deployment.js';
import { TOP_LEVEL_IGNORED, TOP_LEVEL_SILENT, TOP_LEVEL_USED } from './keys.js';
import { readDocument } from './readDocument.js';
import type { DeploymentSpec, DeploymentsFile, ScheduleValidator } from './types.js';
import { describe, isEmpty, isMapping, type Mapping } from './values.js';

const EXPECTED_SHAPE = 'expected a mapping with a "deployments:" list, as in prefect.yaml';

export function parseDeploymentsFile(text: string, path: string, validateSchedule: ScheduleValidator): DeploymentsFile {
  const file: FileContext = new FileContext(path);
  const document = readDocument(text, path);
  if (document === null || document === undefined) file.fail('file is empty', EXPECTED_SHAPE);
  if (!isMapping(document)) file.fail(`file holds ${describe(document)}`, EXPECTED_SHAPE);
  reportTopLevelKeys(document, file);
  const entries = readDeploymentList(document, file);

  const byName = new Map<string, { spec: DeploymentSpec; index: number }>();
  entries.forEach((raw, index) => {
    const spec = readDeployment(raw, index, file, validateSchedule);
    const key = `${spec.flowName}/${spec.name}`;
    const earlier = byName.get(key);
    if (earlier) {
      file.warn(
        `deployment "${key}" is defined twice (deployments[${earlier.index}] and [${index}]); the later one wins, as with prefect deploy`,
      );
      // Re-inserting moves it to the later position in the Map's order.
      byName.delete(key);
    }
    byName.set(key, { spec, index });
  });
  return { path, deployments: [...byName.values()].map(({ spec }) => spec), warnings: file.allWarnings() };
}

/**
 * A missing `deployments:` key is an error (most likely the wrong file, or Prefect 2's
 * single-deployment layout); an empty or null one is a file with nothing to apply.
 */
function readDeploymentList(document: Mapping, file: FileContext): unknown[] {
  if (!('deployments' in document)) file.fail('no "deployments:" key', EXPECTED_SHAPE);
  const list = document.deployments;
  if (list === null || (Array.isArray(list) && list.length === 0)) {
    file.warn('"deployments:" is empty; there is nothing to apply');
    return [];
  }
  if (!Array.isArray(list)) file.fail('deployments', `must be a list (- name: ...), got ${describe(list)}`);
  return list;
}

function reportTopLevelKeys(document: Mapping, file: FileContext): void {
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(document)) {
    if (TOP_LEVEL_IGNORED.has(key)) {
      if (!isEmpty(value)) file.ignore(key);
    } else if (!TOP_LEVEL_USED.has(key) && !TOP_LEVEL_SILENT.has(key)) {
      unknown.push(`"${key}"`);
    }
  }
  if (unknown.length > 0) file.warn(`ignoring top-level ${unknown.join(', ')}: not Prefect settings`);
}
