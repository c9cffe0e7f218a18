/** Parsers for command options, used as Commander's argParser so that commands receive typed values. */
import { UsageError } from '../errors.js';

/**
 * A whole number from `min` to `max` (by default as large as is exact): `--count 5`.
 * Anything else is the one usage error every integer option shares (exit 2), thrown
 * while Commander parses the command line, before the command runs.
 */
export function wholeNumber(flag: string, min: number, max = Number.MAX_SAFE_INTEGER): (text: string) => number {
  return (text) => {
    // Decimal digits only, as in durations: no sign, exponent, hex or digit separator.
    const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
      throw new UsageError(`${flag} ${JSON.stringify(text)}: expected a whole number ${range}`);
    }
    return n;
  };
}
