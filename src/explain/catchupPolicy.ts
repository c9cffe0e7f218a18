import type { CatchupPolicy } from '../pass/catchupPolicies.js';

/** Why the policy did not create a run for a slot that passed during a gap (README "Operating"). */
export function whyNotCaughtUp(policy: CatchupPolicy): string {
  return policy === 'none'
    ? 'catch-up policy none: a pass creates no run for a time already past'
    : `catch-up policy ${policy}: the slot was not among the runs the first pass after the gap caught up (outside catchupWindow or beyond catchupMaxRuns)`;
}
