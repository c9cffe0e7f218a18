/**
 * The catch-up policies' names, in a module of their own that imports nothing: settings and
 * deployments files read them, and every command loads the settings, so this must not pull
 * the schedule engine (src/pass/catchupPolicy.ts) into start-up.
 */
export const CATCHUP_POLICIES = ['none', 'latest', 'all'] as const;
export type CatchupPolicy = (typeof CATCHUP_POLICIES)[number];

export function isCatchupPolicy(value: unknown): value is CatchupPolicy {
  return (CATCHUP_POLICIES as readonly unknown[]).includes(value);
}
