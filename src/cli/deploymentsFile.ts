import { keyDeploymentSpecs, type KeyedDeploymentSpec } from '../deployments/resolveSpecs.js';
import { parseSchedule } from '../schedule/index.js';
import type { CliContext } from './context.js';

/** Reads a deployments file exactly as `deployments apply` does, printing its warnings. */
export async function readDeploymentsFile(ctx: CliContext, path: string): Promise<KeyedDeploymentSpec[]> {
  // The file reader and its YAML parser (~40 ms to load) only for commands given a file.
  const { loadDeploymentsFile } = await import('../deployments/file/index.js');
  const file = await loadDeploymentsFile(path, (definition) => {
    parseSchedule(definition);
  });
  for (const warning of file.warnings) ctx.logger.warn(warning);
  return keyDeploymentSpecs(file.deployments, path);
}
