import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

// dist/src/pass/ and the CLI bundle (dist/bundle/cli/) are both three levels below the package root.
export const PACKAGE_VERSION = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The process a pass record names: several instances may share one database (README "Several instances"). */
export interface SchedulerInstance {
  host: string;
  pid: number;
  version: string;
}

export function currentInstance(): SchedulerInstance {
  return { host: hostname(), pid: process.pid, version: PACKAGE_VERSION };
}
