/** The colours the CLI paints with: a palette per output stream. */
export interface Palette {
  /** False for plain text (pipes, --json, NO_COLOR, cron). */
  readonly enabled: boolean;
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly gray: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly red: (text: string) => string;
}

const unchanged = (text: string) => text;

export const PLAIN: Palette = {
  enabled: false,
  bold: unchanged,
  dim: unchanged,
  gray: unchanged,
  cyan: unchanged,
  green: unchanged,
  yellow: unchanged,
  red: unchanged,
};

/**
 * chalk's colours. chalk is imported only here, when a terminal will show colour: loading
 * it costs ~25 ms, paid otherwise by every cron job and pipe that prints plain text.
 */
export async function loadColourPalette(): Promise<Palette> {
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return {
    enabled: true,
    bold: chalk.bold,
    dim: chalk.dim,
    gray: chalk.gray,
    cyan: chalk.cyan,
    green: chalk.green,
    yellow: chalk.yellow,
    red: chalk.red,
  };
}
