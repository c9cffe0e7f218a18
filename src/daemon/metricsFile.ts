import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { EXIT, SchedulerError, UsageError } from '../errors.js';

/**
 * Checks, before a pass, that PATH can be written: its folder exists and is writable and
 * PATH is not a folder. Found after the pass, the mistake would cost a cron interval.
 */
export async function assertMetricsFileWritable(path: string): Promise<void> {
  const folder = dirname(path);
  const folderStat = await stat(folder).catch(() => null);
  if (!folderStat?.isDirectory())
    throw new UsageError(`--metrics-file ${path}: the folder ${folder} does not exist; create it first`);
  if ((await stat(path).catch(() => null))?.isDirectory())
    throw new UsageError(
      `--metrics-file ${path}: is a folder; give a file name such as ${join(path, 'scheduler.prom')}`,
    );
  await access(folder, constants.W_OK).catch(() => {
    throw new UsageError(`--metrics-file ${path}: the folder ${folder} is not writable by this user`);
  });
}

/**
 * Writes a node_exporter textfile atomically: the text goes to a temporary file in the same
 * folder (so the rename cannot cross file systems), which is then renamed over PATH. A
 * scraper sees the old file or the new one, never half of one. The temporary name does not
 * end in `.prom`, so node_exporter's textfile collector never reads it.
 */
export async function writeMetricsFile(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o644 });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new SchedulerError(
      'E_METRICS_FILE',
      `--metrics-file ${path}: could not write it: ${(error as Error).message}`,
      EXIT.runtime,
      { cause: error },
    );
  }
}
