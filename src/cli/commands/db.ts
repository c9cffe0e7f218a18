import { EXIT, UsageError } from '../../errors.js';
import { parseDatabaseUrl } from '../../db/databaseUrl.js';
import { redactUrl } from '../../redact.js';
import { readMigrationStatus, upgradeDatabase } from '../../db/migrations/migrate.js';
import type { MigrationStatus } from '../../db/migrations/files.js';
import type { CliContext } from '../context.js';

/** Prefect's database has Prefect's migrations: the tool never reads or applies its own there. */
function refuseOnPrefectModel(ctx: CliContext, verb: string): void {
  if (ctx.resolved.settings.dataModel !== 'prefect') return;
  throw new UsageError(
    `db ${verb}: with --data-model prefect the database is Prefect's and only Prefect migrates it (\`prefect server database upgrade\`); the tool adds no tables there`,
    'E_NOT_ON_PREFECT_MODEL',
  );
}

export async function upgradeCommand(ctx: CliContext): Promise<number> {
  refuseOnPrefectModel(ctx, 'upgrade');
  const target = parseDatabaseUrl(ctx.resolved.settings.databaseUrl);
  const spinner = await ctx.output.spinner('applying migrations');
  const { applied, status } = await upgradeDatabase(target).finally(() => spinner.stop());
  for (const name of applied) ctx.logger.info('migration applied', { migration: name });
  ctx.output.result(
    { database: redactUrl(target.url), applied, ...statusDocument(status) },
    () =>
      applied.length > 0 ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'database is up to date',
    { quietSuppresses: true },
  );
  return EXIT.ok;
}

export async function statusCommand(ctx: CliContext): Promise<number> {
  refuseOnPrefectModel(ctx, 'status');
  const target = parseDatabaseUrl(ctx.resolved.settings.databaseUrl);
  // The embedded database is created and upgraded on first use, status included.
  const status =
    target.provider === 'sqlite' ? (await upgradeDatabase(target)).status : await readMigrationStatus(target);
  ctx.output.result({ database: redactUrl(target.url), ...statusDocument(status) }, () => {
    const lines = [`database: ${redactUrl(target.url)}`];
    for (const m of status.applied)
      lines.push(`  ${ctx.output.out.green('applied')}  ${m.name}  ${m.finishedAt?.toISOString() ?? ''}`);
    for (const name of status.pending) lines.push(`  ${ctx.output.out.yellow('pending')}  ${name}`);
    for (const name of status.modified)
      lines.push(`  ${ctx.output.out.red('modified')} ${name} (file changed after it was applied)`);
    for (const name of status.failed) lines.push(`  ${ctx.output.out.red('failed')}   ${name}`);
    lines.push(
      status.pending.length > 0 ? 'run `scheduler db upgrade` to apply the pending migrations' : 'nothing pending',
    );
    return lines.join('\n');
  });
  return EXIT.ok;
}

function statusDocument(status: MigrationStatus) {
  return {
    appliedMigrations: status.applied.map((m) => ({ name: m.name, finishedAt: m.finishedAt?.toISOString() ?? null })),
    pending: status.pending,
    modified: status.modified,
    failed: status.failed,
  };
}
