/** Polls `check` every 100 ms until it returns true; rejects after `timeoutMs` with `describe()`. */
export function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = async () => {
      if (await check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out after ${timeoutMs} ms: ${describe()}`));
      setTimeout(poll, 100);
    };
    void poll();
  });
}

/** Waits until `read()` matches `pattern`. */
export function waitFor(read: () => string, pattern: RegExp, timeoutMs: number): Promise<void> {
  return waitUntil(
    () => pattern.test(read()),
    timeoutMs,
    () => `waiting for ${pattern}:\n${read()}`,
  );
}
