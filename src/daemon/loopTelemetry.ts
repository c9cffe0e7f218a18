import type { Clock } from '../clock.js';
import type { SqlDatabase } from '../db/connect.js';
import { parseDatabaseUrl } from '../db/databaseUrl.js';
import { readMigrationStatus } from '../db/migrate.js';
import type { Logger } from '../logger.js';
import type { PassReport } from '../pass/runOnce.js';
import { startHealthServer, type Readiness } from './healthServer.js';
import { createSchedulerMetrics } from './metrics.js';

export interface LoopTelemetryOptions {
  host: string;
  port: number;
  loopSeconds: number;
  databaseUrl: string;
  clock: Clock;
  logger: Logger;
  /** Hides passwords in the reasons /readyz gives. */
  redact: (text: string) => string;
}

/** What `loop` feeds after each pass, and the server that shows it. */
export interface LoopTelemetry {
  url: string;
  onPass(report: PassReport, db: SqlDatabase): Promise<void>;
  onFailedAttempt(): void;
  close(): Promise<void>;
}

/** A pass must have run to its end within this many loop periods for /readyz to say ready. */
const READY_WITHIN_PERIODS = 3;
/** /readyz gives up on a database that does not answer in this time (probes time out sooner). */
const DATABASE_CHECK_TIMEOUT_MS = 5_000;

/** Starts the health server of `loop` (README "Running as a service"); fails before any pass if the port cannot be bound. */
export async function startLoopTelemetry(options: LoopTelemetryOptions): Promise<LoopTelemetry> {
  const { clock, logger } = options;
  const metrics = await createSchedulerMetrics({ processMetrics: true });
  const target = parseDatabaseUrl(options.databaseUrl);
  let lastSuccessAt: Date | null = null;

  const readiness = async (): Promise<Readiness> => {
    const database = await checkDatabase();
    if (database !== null) return { ready: false, reason: options.redact(database) };
    const allowedSeconds = READY_WITHIN_PERIODS * options.loopSeconds;
    if (lastSuccessAt === null) return { ready: false, reason: 'no pass has run to its end yet' };
    const ageSeconds = (clock.now().getTime() - lastSuccessAt.getTime()) / 1000;
    if (ageSeconds > allowedSeconds) {
      return {
        ready: false,
        reason: `the last pass that ran to its end finished ${Math.round(ageSeconds)} s ago, more than ${READY_WITHIN_PERIODS} x loopSeconds (${allowedSeconds} s)`,
      };
    }
    return { ready: true };
  };

  /** null when the database answers and has no pending migration; else why not. */
  const checkDatabase = async (): Promise<string | null> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${DATABASE_CHECK_TIMEOUT_MS / 1000} s`)),
        DATABASE_CHECK_TIMEOUT_MS,
      );
    });
    try {
      const status = await Promise.race([readMigrationStatus(target), timeout]);
      if (status.pending.length > 0)
        return `the database has ${status.pending.length} pending migration(s); run \`scheduler db upgrade\``;
      return null;
    } catch (error) {
      return `database unreachable: ${(error as Error).message}`;
    } finally {
      clearTimeout(timer);
    }
  };

  const server = await startHealthServer({ host: options.host, port: options.port, readiness, metrics });
  logger.info(`health server listening on ${server.url} (/healthz, /readyz, /metrics)`, { port: server.port });
  return {
    url: server.url,
    async onPass(report, db) {
      lastSuccessAt = clock.now();
      metrics.recordPass(report, lastSuccessAt);
      // The gauges are worth a warning, not a failed pass: the runs are inserted.
      await metrics.refreshRunHealth(db.sql, lastSuccessAt).catch((error: Error) => {
        logger.warn('could not read the runway and late-run gauges', { error: error.message });
      });
    },
    onFailedAttempt: () => metrics.recordFailedAttempt(),
    close: () => server.close(),
  };
}
