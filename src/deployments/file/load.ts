/** Reads a deployments file from disk. */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../errors.js';
import { parseDeploymentsFile } from './parse.js';
import type { DeploymentsFile, ScheduleValidator } from './types.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export async function loadDeploymentsFile(path: string, validateSchedule: ScheduleValidator): Promise<DeploymentsFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the deployments file: ${reason(error)}`);
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new ConfigError(`${path}: not a text file (it is not valid UTF-8); expected YAML or JSON`);
  }
  return parseDeploymentsFile(text, path, validateSchedule);
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
}
