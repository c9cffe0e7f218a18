/**
 * Preview of an inline schedule: the engine only, no database, so `preview --cron` starts
 * without loading the stores (src/preview/preview.ts previews stored deployments).
 */
import { canonicalDefinition, getOccurrences, type Schedule } from '../schedule/index.js';

export type PreviewStatus = 'new' | 'scheduled' | 'delete' | 'catch-up' | null;

export interface PreviewRun {
  /** `flow/deployment`, or null for an inline schedule. */
  deployment: string | null;
  /** The schedule's canonical definition (Prefect field names). */
  schedule: Record<string, unknown>;
  scheduleKey: string | null;
  timezone: string;
  scheduledTime: Date;
  /** Microseconds beyond scheduledTime (0-999; see Occurrence). */
  micro: number;
  /** The wall time fell in a DST gap and was moved forward. */
  shiftedByGap: boolean;
  status: PreviewStatus;
}

export interface PreviewWindow {
  start: Date;
  end?: Date;
  count?: number;
}

/** An inline schedule: needs no database; status is null. */
export function previewSchedule(schedule: Schedule, window: PreviewWindow): PreviewRun[] {
  const count = window.count ?? (window.end === undefined ? 10 : undefined);
  const definition = canonicalDefinition(schedule) as Record<string, unknown>;
  return getOccurrences(schedule, { start: window.start, end: window.end ?? null, count: count ?? null }).map((o) => ({
    deployment: null,
    schedule: definition,
    scheduleKey: null,
    timezone: schedule.timezone,
    scheduledTime: o.at,
    micro: o.micro,
    shiftedByGap: o.shiftedByGap,
    status: null,
  }));
}
