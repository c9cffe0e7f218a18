import type pg from 'pg';

let loading: Promise<typeof pg> | undefined;

/**
 * node-postgres, imported through here only (other modules import its types). At import,
 * pg 8 asks whether it runs in a Cloudflare Worker: where `navigator` is missing (Node 20;
 * Node 21+ defines one) it builds a fetch `Response`, which loads Node's whole fetch
 * implementation: ~45 ms of every PostgreSQL start-up here, for a check whose answer is no.
 * A `navigator` like Node 21's stands in for the length of that import only.
 */
export function loadPostgresDriver(): Promise<typeof pg> {
  loading ??= importWithoutFetchProbe();
  return loading;
}

async function importWithoutFetchProbe(): Promise<typeof pg> {
  const standIn = !('navigator' in globalThis);
  if (standIn) {
    Object.defineProperty(globalThis, 'navigator', {
      value: { userAgent: `Node.js/${process.versions.node.split('.')[0]}` },
      configurable: true,
    });
  }
  try {
    return (await import('pg')).default;
  } finally {
    if (standIn) delete (globalThis as { navigator?: unknown }).navigator;
  }
}
