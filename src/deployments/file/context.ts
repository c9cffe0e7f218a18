/**
 * Where a deployments file is being read: collects warnings and builds the one-line
 * errors that name the file, the deployment and the field.
 */
import { ConfigError, oneLine } from '../../errors.js';

export class FileContext {
  private readonly warnings: string[] = [];
  private readonly ignoredKeys = new Set<string>();

  constructor(readonly path: string) {}

  /** Records a Prefect key this tool does not use; reported once per file by `allWarnings`. */
  ignore(keyPath: string): void {
    this.ignoredKeys.add(keyPath);
  }

  warn(message: string): void {
    // A warning is a log line: keys and names quoted from the file must not break it.
    this.warnings.push(oneLine(`${this.path}: ${message}`));
  }

  fail(where: string, message: string): never {
    throw new ConfigError(`${this.path}: ${where}: ${message}`);
  }

  allWarnings(): string[] {
    if (this.ignoredKeys.size === 0) return [...this.warnings];
    const keys = [...this.ignoredKeys].join(', ');
    return [oneLine(`${this.path}: ignoring Prefect settings this tool does not use: ${keys}`), ...this.warnings];
  }
}

/** One deployment of the file: errors are prefixed with `deployment "flow/name"`. */
export class DeploymentScope {
  constructor(
    readonly file: FileContext,
    readonly label: string,
  ) {}

  fail(field: string, message: string): never {
    return this.file.fail(`${this.label}, ${field}`, message);
  }
}
