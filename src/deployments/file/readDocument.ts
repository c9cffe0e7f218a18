/**
 * Turns the text of a deployments file into plain data (objects, arrays, scalars), reading
 * YAML the way Prefect's PyYAML `safe_load` does and JSON as JSON.
 */
import { parseDocument, type YAMLError } from 'yaml';
import { ConfigError } from '../../errors.js';
import { pyyamlCustomTags } from './pyyamlScalars.js';

const YAML_OPTIONS = {
  // PyYAML implements YAML 1.1; scalars are resolved by PyYAML's rules (see pyyamlScalars).
  version: '1.1',
  schema: 'yaml-1.1',
  customTags: pyyamlCustomTags,
  // `<<` merge keys, which PyYAML supports.
  merge: true,
  // PyYAML accepts a repeated mapping key and keeps the last value; so do we.
  uniqueKeys: false,
} as const;

const CONFLICT_MARKER = /^(?:<{7}|={7}|>{7})(?: |$)/m;

/**
 * Far deeper than any deployments file needs (parameters included); values nested deeper
 * overflow the stack of code that walks them (JSON.stringify, hashing, the drivers).
 */
export const MAX_NESTING = 100;

export function readDocument(text: string, path: string): unknown {
  return checkNesting(parseText(text, path), path);
}

function parseText(text: string, path: string): unknown {
  if (text.includes('\u0000')) {
    throw new ConfigError(`${path}: not a text file (it contains NUL bytes); expected YAML or JSON`);
  }
  const body = text.replace(/^\uFEFF/, '');
  if (path.toLowerCase().endsWith('.json')) return readJson(body, path);
  if (/^\s*[{[]/.test(body)) {
    // JSON content under another name; flow-style YAML such as `{deployments: []}`
    // is not JSON and falls through to the YAML reader.
    try {
      return JSON.parse(body) as unknown;
    } catch {
      /* not JSON: read as YAML */
    }
  }
  return readYaml(body, path);
}

/**
 * Depth-first without recursion, so it stops early on deep (or alias-cyclic) data. Also
 * refuses NUL characters (a JSON "\u0000" or YAML "\0" escape): PostgreSQL cannot store
 * them in text or jsonb, and SQLite would, so the databases would disagree.
 */
function checkNesting(document: unknown, path: string): unknown {
  const stack: Array<[unknown, number, string]> = [[document, 0, '']];
  while (stack.length > 0) {
    const [value, depth, where] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) throw nulError(path, where);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_NESTING) {
      throw new ConfigError(
        `${path}: lists and mappings are nested more than ${MAX_NESTING} levels deep; a deployments file needs far fewer`,
      );
    }
    const isList = Array.isArray(value);
    for (const [key, child] of Object.entries(value)) {
      const at = isList ? `${where}[${key}]` : `${where}${where === '' ? '' : '.'}${key}`;
      if (!isList && key.includes('\u0000')) throw nulError(path, at);
      stack.push([child, depth + 1, at]);
    }
  }
  return document;
}

function nulError(path: string, where: string): ConfigError {
  return new ConfigError(
    `${path}: ${where || 'the document'}: text holds a NUL character (\\u0000), which the databases cannot store alike; remove it`,
  );
}

function readJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`${path}: invalid JSON: ${(error as Error).message}`);
  }
}

function readYaml(text: string, path: string): unknown {
  const document = parseDocument(text, YAML_OPTIONS);
  const [error] = document.errors;
  if (error) throw new ConfigError(`${path}: ${describeYamlError(error, text)}`);
  try {
    // Aliases are expanded into copies, as PyYAML does. The package caps how often one
    // anchor may be expanded (its default of 100 refuses a file whose 150 deployments
    // share `work_pool: *pool`); 10,000 still stops a "billion laughs" file early.
    return document.toJS({ maxAliasCount: 10_000 });
  } catch (error) {
    throw new ConfigError(`${path}: invalid YAML: ${(error as Error).message}`);
  }
}

function describeYamlError(error: YAMLError, text: string): string {
  const marker = CONFLICT_MARKER.exec(text);
  if (marker) {
    const line = text.slice(0, marker.index).split('\n').length;
    return `invalid YAML: unresolved git merge-conflict marker "${marker[0].trim()}" at line ${line}; resolve the conflict first`;
  }
  if (error.code === 'MULTIPLE_DOCS') {
    return `holds several YAML documents (a second "---" at line ${error.linePos?.[0].line ?? '?'}); a deployments file is one document`;
  }
  const where = error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
  const firstLine = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.code;
  return `invalid YAML${where}: ${firstLine}`;
}
