const DURATION =
  /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/**
 * Seconds of an ISO-8601 duration made of weeks, days and time (`PT1H`, `P1DT12H`, `P2W`),
 * as pydantic reads a timedelta; NaN for anything else, years and months included (their
 * length varies). Shared by settings, schedule intervals and deployments files.
 */
export function isoDurationSeconds(text: string): number {
  const m = DURATION.exec(text);
  if (m === null || text.toUpperCase() === 'P' || /T$/i.test(text)) return NaN;
  const [weeks, days, hours, minutes, seconds] = m.slice(1).map((part) => Number(part ?? 0)) as number[];
  return (((weeks! * 7 + days!) * 24 + hours!) * 60 + minutes!) * 60 + seconds!;
}
