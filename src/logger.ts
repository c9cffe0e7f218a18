export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type LogFields = Record<string, unknown>;

/** What the library writes its diagnostics to; the CLI supplies one that prints to stderr. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface LineLoggerOptions {
  level: LogLevel;
  format: LogFormat;
  write: (line: string) => void;
  now: () => Date;
  /** Colours the level word (text format only); identity when colour is off. */
  paint?: (level: LogLevel, text: string) => string;
  /** Applied to every line before it is written: hides passwords. */
  redact?: (text: string) => string;
}

/** One line per event: `2026-01-01T00:00:00.000Z warn message key=value`, or one JSON object. */
export function createLineLogger(options: LineLoggerOptions): Logger {
  const redact = options.redact ?? ((text: string) => text);
  const paint = options.paint ?? ((_level: LogLevel, text: string) => text);
  const log =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}) => {
      if (RANK[level] < RANK[options.level]) return;
      const time = options.now().toISOString();
      const line =
        options.format === 'json'
          ? JSON.stringify({ time, level, msg: message, ...fields })
          : `${time} ${paint(level, level.padEnd(5))} ${message}${formatFields(fields)}`;
      options.write(`${redact(line)}\n`);
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function formatFields(fields: LogFields): string {
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      return ` ${key}=${/[\s"=]/.test(text) ? JSON.stringify(text) : text}`;
    })
    .join('');
}
