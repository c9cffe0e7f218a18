import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SchedulerError, EXIT } from '../errors.js';

export type Readiness = { ready: true } | { ready: false; reason: string };

export interface HealthServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  readiness: () => Promise<Readiness>;
  metrics: { contentType: string; text(): Promise<string> };
}

export interface HealthServer {
  /** The port bound (the one picked when 0 was asked). */
  port: number;
  url: string;
  close(): Promise<void>;
}

/** The health port cannot be bound: in use, or not allowed (a port below 1024 without the right). */
export class HealthPortError extends SchedulerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_HEALTH_PORT', message, EXIT.runtime, options);
  }
}

/**
 * `/healthz` (200 while the process serves: a restart would not fix a database outage),
 * `/readyz` (200 or 503 with the reason, as JSON) and `/metrics` (Prometheus text).
 * Resolves once listening, so a port in use fails the command before any pass.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = createServer((request, response) => {
    route(request, response, options).catch((error: Error) => {
      if (!response.headersSent) sendJson(response, 500, { status: 'error', reason: error.message });
      else response.destroy();
    });
  });
  // The probes are short requests; a client that never finishes its headers must not pin a socket.
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, options)));
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(request: IncomingMessage, response: ServerResponse, options: HealthServerOptions): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return sendJson(response, 405, { status: 'error', reason: `method ${request.method} not allowed` });
  }
  switch (path) {
    case '/healthz':
      return sendJson(response, 200, { status: 'ok' });
    case '/readyz': {
      const readiness = await options.readiness();
      return readiness.ready
        ? sendJson(response, 200, { status: 'ready' })
        : sendJson(response, 503, { status: 'not ready', reason: readiness.reason });
    }
    case '/metrics': {
      const text = await options.metrics.text();
      response.writeHead(200, { 'Content-Type': options.metrics.contentType });
      response.end(text);
      return;
    }
    default:
      return sendJson(response, 404, { status: 'error', reason: `no such path; try /healthz, /readyz or /metrics` });
  }
}

function sendJson(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  response.end(`${JSON.stringify(body)}\n`);
}

function listenError(error: NodeJS.ErrnoException, options: HealthServerOptions): Error {
  const where = `--health-port ${options.port} on ${options.host}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new HealthPortError(`${where}: the port is in use; pick another one, or 0 for a free port`, {
        cause: error,
      });
    case 'EACCES':
      return new HealthPortError(`${where}: not allowed (ports below 1024 need privileges); pick a port from 1024`, {
        cause: error,
      });
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new HealthPortError(`${where}: no such address on this machine; check --health-host`, { cause: error });
    default:
      return new HealthPortError(`${where}: ${error.message}`, { cause: error });
  }
}
