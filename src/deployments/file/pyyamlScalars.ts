/**
 * Plain-scalar resolution as PyYAML's `safe_load` does it (YAML 1.1, PyYAML's resolver),
 * because that is what Prefect reads prefect.yaml with: a file must mean here what it
 * means to `prefect deploy`.
 *
 * The `yaml` package's own 'yaml-1.1' schema is close but not identical, so its bool,
 * int, float and timestamp tags are swapped for these:
 * - bool: PyYAML takes yes/no/on/off/true/false (3 casings each) but NOT `y`/`n`,
 *   which the package would turn into booleans (`tags: [y]` must stay a string).
 * - int: PyYAML reads `010` as octal 8, `1_000` as 1000, `1:30` as sexagesimal 90, but
 *   `09` and `0:30` as strings; the package would give 9 and 30.
 * - float: PyYAML needs a dot, and a signed exponent: `1e3` and `1.0e3` are strings,
 *   `1.0e+3` is 1000. `60.0` is 60.
 * - timestamp: PyYAML builds a datetime from an unquoted `2026-01-01T00:00:00`; the
 *   package builds a JS Date, which would read a naive time as UTC. Dates are left as
 *   the text written, so the schedule layer reads a naive anchor date in the schedule's
 *   timezone (SPEC section 4) and a date parameter reaches the flow as written.
 */
import type { ScalarTag, Tags } from 'yaml';

const PYYAML_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const PYYAML_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const PYYAML_INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PYYAML_FLOAT =
  /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

const REPLACED_TAGS = new Set([
  'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:timestamp',
]);

/** Splits off the sign and drops `_` separators, as PyYAML's constructors do. */
function signAndDigits(text: string): [sign: number, digits: string] {
  const digits = text.replace(/_/g, '');
  if (digits.startsWith('-')) return [-1, digits.slice(1)];
  if (digits.startsWith('+')) return [1, digits.slice(1)];
  return [1, digits];
}

/** `1:30:00` -> 5400: each colon-separated part is a base-60 digit. */
function sexagesimal(digits: string): number {
  return digits.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

function resolveInt(text: string): number {
  const [sign, digits] = signAndDigits(text);
  if (digits === '0') return 0;
  if (digits.startsWith('0b')) return sign * parseInt(digits.slice(2), 2);
  if (digits.startsWith('0x')) return sign * parseInt(digits.slice(2), 16);
  if (digits.startsWith('0')) return sign * parseInt(digits, 8);
  if (digits.includes(':')) return sign * sexagesimal(digits);
  return sign * parseInt(digits, 10);
}

function resolveFloat(text: string): number {
  const [sign, digits] = signAndDigits(text.toLowerCase());
  if (digits === '.inf') return sign * Infinity;
  if (digits === '.nan') return NaN;
  if (digits.includes(':')) return sign * sexagesimal(digits);
  return sign * Number(digits);
}

const isNumber = (value: unknown): boolean => typeof value === 'number';

const pyyamlTags: ScalarTag[] = [
  { tag: 'tag:yaml.org,2002:bool', default: true, test: PYYAML_TRUE, resolve: () => true, identify: (v) => v === true },
  {
    tag: 'tag:yaml.org,2002:bool',
    default: true,
    test: PYYAML_FALSE,
    resolve: () => false,
    identify: (v) => v === false,
  },
  { tag: 'tag:yaml.org,2002:int', default: true, test: PYYAML_INT, resolve: resolveInt, identify: Number.isInteger },
  { tag: 'tag:yaml.org,2002:float', default: true, test: PYYAML_FLOAT, resolve: resolveFloat, identify: isNumber },
];

/** `customTags` for the 'yaml-1.1' schema: its tags, with the four above replaced. */
export function pyyamlCustomTags(schemaTags: Tags): Tags {
  const kept = schemaTags.filter((tag) => typeof tag === 'string' || !REPLACED_TAGS.has(tag.tag));
  return [...kept, ...pyyamlTags];
}
