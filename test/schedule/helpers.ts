/** Shared helpers for the schedule tests: the reference vectors and short date builders. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedDir } from '../helpers/paths.js';
import { getOccurrences, parseSchedule, type Schedule } from '../../src/schedule/index.js';

export interface Vector {
  id: string;
  kind: string;
  schedule: Record<string, unknown> & { type: 'cron' | 'interval' | 'rrule' };
  query: { start: string; end: string | null; n: number | null };
  expected: string[];
  expected_count?: number;
}

export function loadVectors(): Vector[] {
  const file = path.join(sharedDir(), 'reference', 'schedule-vectors.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Vector[];
}

/** A vector's schedule in our definition format (interval_seconds -> interval). */
export function definitionOf(vector: Vector): Record<string, unknown> {
  const { type, interval_seconds, ...rest } = vector.schedule;
  if (type === 'interval') return { interval: interval_seconds, ...rest };
  return rest;
}

export const iso = (dates: readonly Date[]): string[] => dates.map((d) => d.toISOString());

/** Instants of a schedule in a window, as UTC ISO strings. */
export function run(definition: Record<string, unknown>, start: string, count: number, end?: string): string[] {
  const schedule: Schedule = parseSchedule(definition);
  const window = { start: new Date(start), count, ...(end === undefined ? {} : { end: new Date(end) }) };
  return getOccurrences(schedule, window).map((o) => o.at.toISOString());
}

/** Like run, with a "+" after each time a DST gap shifted. */
export function runMarked(definition: Record<string, unknown>, start: string, count: number): string[] {
  const schedule = parseSchedule(definition);
  return getOccurrences(schedule, { start: new Date(start), count }).map(
    (o) => o.at.toISOString() + (o.shiftedByGap ? '+' : ''),
  );
}
