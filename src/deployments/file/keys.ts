/**
 * The keys Prefect defines in prefect.yaml (Prefect 3's PrefectYamlModel, DeploymentConfig
 * and RawScheduleConfig in prefect/cli/deploy/_models.py, plus Prefect 2.x schedule
 * fields), split into those this tool reads and those it ignores with a warning. A key
 * in neither list is not a Prefect key at all: a warning at the top and deployment
 * levels, an error inside a schedule, where a typo such as `timezon` changes meaning.
 */

export const TOP_LEVEL_USED = new Set(['deployments']);
/** Prefect's documented home for YAML anchors: its content reaches deployments via aliases. */
export const TOP_LEVEL_SILENT = new Set(['definitions']);
export const TOP_LEVEL_IGNORED = new Set(['name', 'prefect-version', 'build', 'push', 'pull']);

export const DEPLOYMENT_USED = new Set([
  'name',
  'flow_name',
  'entrypoint',
  'description',
  'tags',
  'parameters',
  'work_pool',
  // Not in Prefect 3's model, but written by real files (and Prefect 2's deployment.yaml).
  'work_queue_name',
  'paused',
  'schedule',
  'schedules',
]);
export const DEPLOYMENT_IGNORED = new Set([
  'version',
  'version_type',
  'concurrency_limit',
  'enforce_parameter_schema',
  'build',
  'push',
  'pull',
  'job_variables',
  'triggers',
  'sla',
  'path',
]);

/** Keys a schedule definition keeps, by kind; the others are Prefect's and unused. */
export const SCHEDULE_KINDS = ['cron', 'interval', 'rrule'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];
export const DEFINITION_KEYS: Record<ScheduleKind, readonly string[]> = {
  cron: ['timezone', 'day_or'],
  interval: ['anchor_date', 'timezone'],
  rrule: ['timezone'],
};

export const DEFINITION_OPTIONS = new Set(Object.values(DEFINITION_KEYS).flat());

export const SCHEDULE_USED = new Set([
  ...SCHEDULE_KINDS,
  'timezone',
  'day_or',
  'anchor_date',
  'active',
  'parameters',
  'slug',
  'max_scheduled_runs',
  // Prefect 2's boolean, or this tool's none|latest|all (README "Catch-up after downtime").
  'catchup',
]);
/**
 * `max_active_runs` is Prefect 2's DeploymentScheduleCreate field; `replaces` (Prefect 3)
 * renames a schedule by slug, which our slug-keyed upsert does not need.
 */
export const SCHEDULE_IGNORED = new Set(['max_active_runs', 'replaces']);
