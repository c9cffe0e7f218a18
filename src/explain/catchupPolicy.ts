/** What a pass does about slots that passed while no pass ran (SPEC section 7, `catchup`). */
export type CatchupPolicy = 'none' | 'latest' | 'all';

/**
 * A schedule's catch-up policy. Schedules carry no policy yet, so every one is `none` (a
 * pass creates no run for a time already past); this is the one place that reads it.
 */
export function catchupPolicyOf(_schedule: { definition: unknown }): CatchupPolicy {
  return 'none';
}

/** Why the policy did not create a run for a slot that passed during a gap. */
export function whyNotCaughtUp(policy: CatchupPolicy): string {
  return policy === 'none'
    ? 'catch-up policy none: a pass creates no run for a time already past'
    : `catch-up policy ${policy}: the slot was not among the runs the first pass after the gap caught up (outside catchupWindow or beyond catchupMaxRuns)`;
}
