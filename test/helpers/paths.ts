import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from the compiled test at dist/test/helpers/. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The shared folder beside the repository (SPEC, reference data); SCHEDULER_SHARED_DIR overrides. */
export function sharedDir(): string {
  return process.env.SCHEDULER_SHARED_DIR ?? resolve(REPO_ROOT, '../shared');
}

export function fixturePath(name: string): string {
  return join(REPO_ROOT, 'test', 'fixtures', name);
}
