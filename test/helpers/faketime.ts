import { existsSync } from 'node:fs';

/** libfaketime (Debian package `faketime`, installed by .ci/run) moves a CLI process's wall clock; timers keep real time. */
const FAKETIME_LIB = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/faketime/libfaketime.so.1'].find(
  (path) => existsSync(path),
);

/** A test's `skip` option: false when libfaketime is here, else why the test cannot run. */
export const needsFaketime: string | false = FAKETIME_LIB ? false : 'needs libfaketime (apt-get install faketime)';

/** Environment that starts the process's clock at `at` (`2027-01-04 12:00:30`, UTC), running from there. */
export function faketimeEnv(at: string): Record<string, string> {
  if (!FAKETIME_LIB) throw new Error(needsFaketime || 'no libfaketime');
  return { LD_PRELOAD: FAKETIME_LIB, FAKETIME: `@${at}`, FAKETIME_DONT_FAKE_MONOTONIC: '1', TZ: 'UTC' };
}
