import { EXIT } from '../../errors.js';
import { completionScript, type CompletionShell } from '../completion.js';
import type { CliContext } from '../context.js';
import { buildProgram } from '../program.js';

export async function completionCommand(ctx: CliContext, shell: CompletionShell): Promise<number> {
  // The tree alone: its version and actions play no part in what completes.
  const program = buildProgram('', async () => undefined);
  ctx.output.result({ shell, script: completionScript(program, shell) }, () => completionScript(program, shell));
  return EXIT.ok;
}
