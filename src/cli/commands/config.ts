import { redactUrl } from '../../redact.js';
import { SETTINGS, SETTING_KEYS } from '../../settings/definitions.js';
import { EXIT } from '../../errors.js';
import type { CliContext } from '../context.js';
import { renderTable } from '../table.js';

export async function showConfigCommand(ctx: CliContext): Promise<number> {
  const { settings, sources, configFile } = ctx.resolved;
  const shown = (key: keyof typeof settings) =>
    key === 'databaseUrl' ? redactUrl(settings.databaseUrl) : settings[key];
  const document = {
    settings: Object.fromEntries(SETTING_KEYS.map((key) => [key, { value: shown(key), source: sources[key] }])),
    configFile,
  };
  ctx.output.result(document, () => {
    const rows = SETTING_KEYS.map((key) => [key, String(shown(key) ?? 'off'), sources[key], SETTINGS[key].env]);
    const table = renderTable(['setting', 'value', 'source', 'env var'], rows, ctx.output.out);
    return `${table}\nconfig file: ${configFile ?? '(none)'}`;
  });
  return EXIT.ok;
}
