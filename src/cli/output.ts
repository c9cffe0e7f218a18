import { loadColourPalette, PLAIN, type Palette } from './palette.js';
import { createLineLogger, type LogFormat, type LogLevel, type Logger } from '../logger.js';
import { redactSecrets } from '../redact.js';

export interface OutputOptions {
  json: boolean;
  quiet: boolean;
  /** false when --no-color was given. */
  colorFlag: boolean;
  env: Readonly<Record<string, string | undefined>>;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/**
 * The one place that decides what reaches the terminal. stdout carries results only
 * (a table, or exactly one JSON document); logs, warnings, errors and spinners go to
 * stderr. Colour and spinners need a TTY and no NO_COLOR / TERM=dumb / --no-color /
 * --json / --quiet (chalk does not read NO_COLOR itself).
 */
export class Output {
  readonly json: boolean;
  readonly quiet: boolean;
  /** Colours for stdout and stderr; plain unless that stream is a colour TTY. */
  readonly out: Palette;
  readonly err: Palette;
  private readonly options: OutputOptions;
  private secrets: string[] = [];

  static async create(options: OutputOptions): Promise<Output> {
    const colorAllowed = options.colorFlag && !options.json && !options.env.NO_COLOR && options.env.TERM !== 'dumb';
    const outColour = colorAllowed && Boolean(options.stdout.isTTY);
    const errColour = colorAllowed && !options.quiet && Boolean(options.stderr.isTTY);
    const colour = outColour || errColour ? await loadColourPalette() : PLAIN;
    return new Output(options, outColour ? colour : PLAIN, errColour ? colour : PLAIN);
  }

  private constructor(options: OutputOptions, out: Palette, err: Palette) {
    this.options = options;
    this.json = options.json;
    this.quiet = options.quiet;
    this.out = out;
    this.err = err;
  }

  /** Connection strings whose passwords must never be printed. */
  addSecrets(urls: string[]): void {
    this.secrets.push(...urls);
  }

  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  /** The terminal's width for tables; undefined when stdout is not a terminal (no cutting). */
  get width(): number | undefined {
    return this.options.stdout.isTTY ? this.options.stdout.columns || 80 : undefined;
  }

  /** Spinners only for a person watching: stderr in colour means a TTY, and neither --json nor --quiet. */
  get interactive(): boolean {
    return this.err.enabled;
  }

  /** Prints a command's result: the JSON document, or the human text unless suppressed. */
  result(data: unknown, human: () => string, options: { quietSuppresses?: boolean } = {}): void {
    if (this.json) {
      this.options.stdout.write(`${this.redact(JSON.stringify(data))}\n`);
      return;
    }
    if (this.quiet && options.quietSuppresses) return;
    const text = human();
    if (text !== '') this.options.stdout.write(`${this.redact(text)}${text.endsWith('\n') ? '' : '\n'}`);
  }

  errorDocument(code: string, message: string): void {
    this.options.stdout.write(`${JSON.stringify({ error: { code, message: this.redact(message) } })}\n`);
  }

  stderrLine(text: string): void {
    this.options.stderr.write(`${this.redact(text)}\n`);
  }

  createLogger(level: LogLevel, format: LogFormat, now: () => Date): Logger {
    const colours: Record<LogLevel, (text: string) => string> = {
      debug: this.err.gray,
      info: this.err.cyan,
      warn: this.err.yellow,
      error: this.err.red,
    };
    return createLineLogger({
      level: this.quiet && level !== 'debug' ? 'error' : level,
      format,
      now,
      write: (line) => this.options.stderr.write(line),
      paint: (lvl, text) => colours[lvl](text),
      redact: (text) => this.redact(text),
    });
  }

  /** An ora spinner on a TTY; otherwise a stand-in that prints nothing (a disabled ora still prints lines). */
  async spinner(text: string): Promise<{ succeed(text?: string): void; stop(): void; update(text: string): void }> {
    if (!this.interactive) return { succeed() {}, stop() {}, update() {} };
    const { default: ora } = await import('ora');
    const spinner = ora({ text, stream: this.options.stderr, isSilent: false }).start();
    return {
      succeed: (done) => spinner.succeed(done),
      stop: () => spinner.stop(),
      update: (next) => {
        spinner.text = next;
      },
    };
  }
}
