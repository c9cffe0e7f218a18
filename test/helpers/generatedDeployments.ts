import { writeFileSync } from 'node:fs';

const ZONES = ['UTC', 'America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata', 'Europe/Berlin'];

/** `count` deployments cycling through cron, interval and RRule schedules in several zones, as a deployments file. */
export function writeGeneratedDeploymentsFile(path: string, count: number): void {
  const deployments = Array.from({ length: count }, (_, i) => {
    const timezone = ZONES[i % ZONES.length];
    const schedule = [
      { cron: `${i % 60} */${1 + (i % 6)} * * *`, timezone },
      { interval: 900 * (1 + (i % 8)), anchor_date: '2026-01-01T00:00:00', timezone },
      { rrule: `FREQ=DAILY;BYHOUR=${i % 24};BYMINUTE=${(i * 7) % 60}`, timezone },
    ][i % 3];
    return {
      name: `d${String(i).padStart(4, '0')}`,
      flow_name: `flow-${i % 5}`,
      tags: ['gen'],
      parameters: { i },
      schedules: [schedule],
    };
  });
  writeFileSync(path, JSON.stringify({ deployments }));
}
