/** Locations the deployments-file tests read from. */
import path from 'node:path';
import { sharedDir } from '../helpers/paths.js';

export { fixturePath, sharedDir, REPO_ROOT } from '../helpers/paths.js';

export function prefectYamlCorpusDir(): string {
  return path.join(sharedDir(), 'reference', 'prefect-yaml');
}
