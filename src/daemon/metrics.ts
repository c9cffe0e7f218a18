import type { SqlClient } from '../db/sql.js';
import type { RunHealthReader } from '../runs/runHealth.js';

/**
 * What a pass tells the metrics: PassReport's counts (optional: a recent-deployments check
 * marks no late runs, and a test may give only what it checks).
 */
export interface PassCounts {
  runsInserted: number;
  errors: readonly unknown[];
  durationMs: number;
  runsCaughtUp?: number;
  slotsMissed?: number;
  runsMarkedLate?: number;
}

/** `success`: every schedule planned; `schedule_errors`: the pass ran to its end, some schedules failed;
 *  `failure`: the pass failed outright (database unreachable...) and is retried. */
export type PassOutcome = 'success' | 'schedule_errors' | 'failure';

export interface SchedulerMetrics {
  readonly contentType: string;
  /** A pass that ran to its end. */
  recordPass(counts: PassCounts, finishedAt: Date): void;
  /**
   * A recent-deployments check of `loop` that scheduled something: its runs, missed slots
   * and schedule errors count as a pass's do, but it is not a pass (scheduler_passes_total,
   * the duration and the last success stay the full passes').
   */
  recordRecentCheck(counts: PassCounts): void;
  /** A pass that failed outright. */
  recordFailedAttempt(): void;
  /**
   * Reads the runway and late-run gauges from the database, with the data model's reader;
   * `lateAfterSeconds`: the lateAfter setting, as the pass's late marking reads it.
   */
  refreshRunHealth(reader: RunHealthReader, client: SqlClient, now: Date, lateAfterSeconds: number): Promise<void>;
  /** The Prometheus text exposition of every metric. */
  text(): Promise<string>;
}

const RUN_SOURCES = ['pass', 'catchup', 'backfill', 'apply'] as const;
const OUTCOMES: readonly PassOutcome[] = ['success', 'schedule_errors', 'failure'];
const PASS_DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/**
 * The metrics of SPEC section 7, with no per-deployment labels (their number would grow
 * with the deployments). prom-client is imported here only, and this module is loaded only
 * when a health port or a metrics file is asked for. `processMetrics` adds prom-client's
 * default process metrics (CPU, memory, event loop): right for a long-running `loop`,
 * wrong in a node_exporter textfile, where `process_*` would clash with node_exporter's own.
 */
export async function createSchedulerMetrics(options: { processMetrics: boolean }): Promise<SchedulerMetrics> {
  const client = await import('prom-client');
  const registry = new client.Registry();
  const registers = [registry];
  if (options.processMetrics) client.collectDefaultMetrics({ register: registry });
  const counter = (name: string, help: string, labelNames: string[] = []) =>
    new client.Counter({ name, help, labelNames, registers });
  const gauge = (name: string, help: string) => new client.Gauge({ name, help, registers });
  const passes = counter(
    'scheduler_passes_total',
    'Scheduling passes, by outcome (success, schedule_errors, failure).',
    ['outcome'],
  );
  const passDuration = new client.Histogram({
    name: 'scheduler_pass_duration_seconds',
    help: 'Duration of the scheduling passes that ran to their end.',
    buckets: PASS_DURATION_BUCKETS,
    registers,
  });
  const runsInserted = counter(
    'scheduler_runs_inserted_total',
    'Flow runs inserted, by source (pass, catchup, backfill, apply).',
    ['source'],
  );
  const slotsMissed = counter(
    'scheduler_slots_missed_total',
    'Fire times that passed while no scheduler ran and that catch-up did not fill.',
  );
  const scheduleErrors = counter(
    'scheduler_schedule_errors_total',
    'Schedules that failed to plan or insert in a pass.',
  );
  const runsMarkedLate = counter('scheduler_runs_marked_late_total', 'Runs given the state Late.');
  const lateRuns = gauge(
    'scheduler_late_runs',
    'Runs still in a SCHEDULED state more than lateAfter after their scheduled time.',
  );
  const runway = gauge(
    'scheduler_runway_seconds',
    'Shortest runway over active schedules: seconds until the last scheduled run of the schedule with the fewest ahead; NaN with no active schedule.',
  );
  const lastSuccess = gauge(
    'scheduler_last_success_timestamp_seconds',
    'Unix time at which the last pass ran to its end (0: none yet).',
  );
  const dbFailedAttempts = counter(
    'scheduler_db_failed_attempts_total',
    'Passes that failed outright (database unreachable, server restarting) and were retried.',
  );
  // Every labelled series exists from the start, so rate() and absent() see 0, not nothing.
  for (const outcome of OUTCOMES) passes.inc({ outcome }, 0);
  for (const source of RUN_SOURCES) runsInserted.inc({ source }, 0);
  runway.set(Number.NaN);

  const recordRuns = (counts: PassCounts) => {
    // runsInserted includes the caught-up runs: each run is counted under one source.
    runsInserted.inc({ source: 'pass' }, counts.runsInserted - (counts.runsCaughtUp ?? 0));
    runsInserted.inc({ source: 'catchup' }, counts.runsCaughtUp ?? 0);
    slotsMissed.inc(counts.slotsMissed ?? 0);
    scheduleErrors.inc(counts.errors.length);
  };

  return {
    contentType: registry.contentType,
    recordPass(counts, finishedAt) {
      passes.inc({ outcome: counts.errors.length > 0 ? 'schedule_errors' : 'success' });
      passDuration.observe(counts.durationMs / 1000);
      recordRuns(counts);
      runsMarkedLate.inc(counts.runsMarkedLate ?? 0);
      lastSuccess.set(finishedAt.getTime() / 1000);
    },
    recordRecentCheck: recordRuns,
    recordFailedAttempt() {
      passes.inc({ outcome: 'failure' });
      dbFailedAttempts.inc();
    },
    async refreshRunHealth(reader, sqlClient, now, lateAfterSeconds) {
      const [runwaySeconds, late] = await Promise.all([
        reader.shortestRunwaySeconds(sqlClient, now),
        reader.lateRuns(sqlClient, now, lateAfterSeconds),
      ]);
      runway.set(runwaySeconds ?? Number.NaN);
      lateRuns.set(late);
    },
    text: () => registry.metrics(),
  };
}
