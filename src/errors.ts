/**
 * One error hierarchy for the whole tool. Every error a user can cause carries a stable
 * `code` and the exit code of SPEC section 6; only the CLI turns them into exits.
 */

export const EXIT = {
  ok: 0,
  runtime: 1,
  usage: 2,
  scheduleFailed: 3,
  sigint: 130,
  sigterm: 143,
} as const;

/**
 * Makes text safe to print as one line: line breaks and other control characters (which
 * could also rewrite the terminal) in user input quoted back become visible escapes.
 */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export class SchedulerError extends Error {
  readonly code: string;
  readonly exitCode: number;

  /** The message is one line whatever input it quotes (SPEC section 6: errors are one line). */
  constructor(code: string, message: string, exitCode: number, options?: { cause?: unknown }) {
    super(oneLine(message), options);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** Bad command-line usage (unknown flag, missing argument, conflicting options). */
export class UsageError extends SchedulerError {
  constructor(message: string, code = 'E_USAGE') {
    super(code, message, EXIT.usage);
  }
}

/** A setting, a config file or a deployments file the user must fix. */
export class ConfigError extends SchedulerError {
  constructor(message: string, code = 'E_CONFIG') {
    super(code, message, EXIT.usage);
  }
}

/** A schedule definition that cannot be evaluated: names the field and the accepted form. */
export class InvalidScheduleError extends SchedulerError {
  readonly field: string;

  constructor(field: string, message: string) {
    super('E_INVALID_SCHEDULE', message, EXIT.usage);
    this.field = field;
  }
}

/** A deployment name or id prefix that matches nothing, or more than one deployment. */
export class NotFoundError extends SchedulerError {
  constructor(message: string, code = 'E_NOT_FOUND') {
    super(code, message, EXIT.usage);
  }
}

/** The database cannot be reached or refused us; transient for `loop`. */
export class DatabaseUnavailableError extends SchedulerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_DATABASE_UNAVAILABLE', message, EXIT.runtime, options);
  }
}

/** The database schema is behind, or a migration failed. */
export class MigrationError extends SchedulerError {
  constructor(message: string, code = 'E_MIGRATION', options?: { cause?: unknown }) {
    super(code, message, EXIT.runtime, options);
  }
}
