import type { Clock } from '../clock.js';
import { ConfigError } from '../errors.js';
import type { SqlDatabase } from '../db/openSqlDatabase.js';
import { parseDatabaseUrl } from '../db/databaseUrl.js';
import { readMigrationStatus } from '../db/migrations/migrate.js';
import type { Logger } from '../logger.js';
import type { DataModel } from '../settings/definitions.js';
import type { PassReport } from '../pass/runOnce.js';
import type { RunHealthReader } from '../runs/runHealth.js';
import { startHealthServer, type Readiness } from './healthServer.js';
import { createSchedulerMetrics } from './metrics.js';

export interface LoopTelemetryOptions {
  host: string;
  port: number;
  loopSeconds: number;
  /** The lateAfter setting, for the late-runs gauge. */
  lateAfter: number;
  /** The data model's gauge queries (its pass store's). */
  runHealth: RunHealthReader;
  databaseUrl: string;
  /** Whose schema /readyz checks: the tool's migrations, or a Prefect server's alembic_version. */
  dataModel: DataModel;
  clock: Clock;
  logger: Logger;
  /** Hides passwords in the reasons /readyz gives. */
  redact: (text: string) => string;
}

/** What `loop` feeds after each pass, and the server that shows it. */
export interface LoopTelemetry {
  url: string;
  onPass(report: PassReport, db: SqlDatabase): Promise<void>;
  onRecentCheck(report: PassReport): void;
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
  /** null when the schema is one the pass can write to; else why not. Throws when the database does not answer. */
  const schemaProblem = async (): Promise<string | null> => {
    if (options.dataModel === 'prefect') {
      const { openPrefectDatabase } = await import('../prefect/openPrefectDatabase.js');
      // Opening reads alembic_version and refuses a schema the tool does not know.
      await (await openPrefectDatabase(options.databaseUrl, { poolSize: 1 })).close();
      return null;
    }
    const status = await readMigrationStatus(target);
    return status.pending.length > 0
      ? `the database has ${status.pending.length} pending migration(s); run \`scheduler db upgrade\``
      : null;
  };
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
      return await Promise.race([schemaProblem(), timeout]);
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
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
      await metrics
        .refreshRunHealth(options.runHealth, db.sql, lastSuccessAt, options.lateAfter)
        .catch((error: Error) => {
          logger.warn('could not read the runway and late-run gauges', { error: error.message });
        });
    },
    onRecentCheck: (report) => metrics.recordRecentCheck(report),
    onFailedAttempt: () => metrics.recordFailedAttempt(),
    close: () => server.close(),
  };
}
