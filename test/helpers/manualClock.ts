import type { Clock } from '../../src/clock.js';

/** A clock that only moves when told; sleeping advances it at once (tests never wait on wall time). */
export interface ManualClock extends Clock {
  set(at: Date): void;
  advance(ms: number): void;
  slept: number[];
}

export function manualClock(start: Date): ManualClock {
  let nowMs = start.getTime();
  const slept: number[] = [];
  return {
    slept,
    now: () => new Date(nowMs),
    set: (at) => {
      nowMs = at.getTime();
    },
    advance: (ms) => {
      nowMs += ms;
    },
    sleep: async (ms, signal) => {
      if (signal?.aborted) return;
      slept.push(ms);
      nowMs += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
