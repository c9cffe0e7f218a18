import { previewDeployments, previewDeploymentsFile, type PreviewRun, type PreviewWindow } from '../../preview/preview.js';
import type { CliContext } from '../context.js';
import { readDeploymentsFile } from '../deploymentsFile.js';
import type { PreviewOptions } from './preview.js';

/** Preview of deployments in the database, or of a deployments file as a plan against it. */
export async function previewStored(ctx: CliContext, options: PreviewOptions, window: PreviewWindow): Promise<PreviewRun[]> {
  const specs = options.file === undefined ? null : await readDeploymentsFile(ctx, options.file);
  const limits = ctx.resolved.settings;
  return ctx.withDatabase((db) =>
    specs === null
      ? previewDeployments(db, options.deployment, window, limits)
      : previewDeploymentsFile(db, specs, window, limits, ctx.clock.now()));
}
