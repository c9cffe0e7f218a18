/**
 * The flow name Prefect gives a flow defined by a function: its name with `_` turned
 * into `-` (`@flow` without `name=`). Entrypoints come as `path/file.py:run_etl`,
 * `pkg.module:run_etl`, or (Prefect 3) the dotted `pkg.module.run_etl`.
 * Returns null when no function can be found in the entrypoint.
 */
export function flowNameFromEntrypoint(entrypoint: string): string | null {
  const text = entrypoint.trim();
  const colon = text.lastIndexOf(':');
  let attribute: string;
  if (colon >= 0) attribute = text.slice(colon + 1);
  else if (text.includes('.') && !text.endsWith('.py')) attribute = text;
  else return null;
  // `module.py:SomeClass.method` and `pkg.module.func`: the function is the last part.
  const functionName = attribute.split('.').pop() ?? '';
  if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(functionName)) return null;
  return functionName.replace(/_/g, '-');
}
