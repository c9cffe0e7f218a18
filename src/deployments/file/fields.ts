/** Readers for fields shared by deployments and schedules; errors name the field. */
import type { DeploymentScope } from './context.js';
import { describe, isMapping, type Mapping } from './values.js';

/** A string that may be null, absent or empty (all read as null). */
export function optionalString(value: unknown, field: string, scope: DeploymentScope): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') scope.fail(field, `must be a string, got ${describe(value)}`);
  return value;
}

/** A boolean that may be null or absent (the default applies). */
export function optionalBoolean(value: unknown, field: string, scope: DeploymentScope): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'boolean') scope.fail(field, `must be true or false, got ${describe(value)}`);
  return value;
}

/** Parameters: null or absent is {}. */
export function readParameters(value: unknown, field: string, scope: DeploymentScope): Mapping {
  if (value === null || value === undefined) return {};
  if (!isMapping(value)) scope.fail(field, `must be a mapping of parameter names to values, got ${describe(value)}`);
  return value;
}
