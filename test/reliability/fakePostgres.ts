/**
 * A minimal PostgreSQL wire-protocol server that asks for a password and refuses it, for
 * provoking authentication failures when the real server trusts local connections. It
 * speaks just enough of protocol 3.0: SSLRequest (answered "N"), StartupMessage,
 * AuthenticationCleartextPassword or MD5Password, the client's PasswordMessage, and a
 * FATAL ErrorResponse 28P01, whose message it takes from `message` (which may quote the
 * password back, as a hostile or buggy server could).
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';

export interface FakePostgres {
  port: number;
  /** Every password (cleartext) or MD5 digest the clients sent. */
  received: string[];
  close(): Promise<void>;
}

export async function startFakePostgres(options: {
  method: 'cleartext' | 'md5';
  message: (user: string, password: string) => string;
}): Promise<FakePostgres> {
  const received: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    let user = '';
    let started = false;
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) return;
          const code = buffer.readInt32BE(4);
          const body = buffer.subarray(8, length);
          buffer = buffer.subarray(length);
          if (code === 80877103) {
            socket.write('N');
            continue;
          }
          const fields = body.toString('utf8').split('\0');
          for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === 'user') user = fields[i + 1]!;
          started = true;
          socket.write(options.method === 'cleartext' ? authRequest(3) : authRequest(5, Buffer.from([1, 2, 3, 4])));
          continue;
        }
        if (buffer.length < 5) return;
        const length = buffer.readInt32BE(1);
        if (buffer.length < length + 1) return;
        const type = String.fromCharCode(buffer[0]!);
        const body = buffer.subarray(5, length + 1);
        buffer = buffer.subarray(length + 1);
        if (type === 'p') {
          const password = body.toString('utf8').replace(/\0$/, '');
          received.push(password);
          socket.end(errorResponse('28P01', options.message(user, password)));
          return;
        }
        if (type === 'X') {
          socket.end();
          return;
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function authRequest(kind: number, salt?: Buffer): Buffer {
  const out = Buffer.alloc(9 + (salt?.length ?? 0));
  out.write('R', 0);
  out.writeInt32BE(8 + (salt?.length ?? 0), 1);
  out.writeInt32BE(kind, 5);
  salt?.copy(out, 9);
  return out;
}

function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.concat([
    ...[
      ['S', 'FATAL'],
      ['V', 'FATAL'],
      ['C', code],
      ['M', message],
    ].map(([key, value]) => Buffer.from(`${key}${value}\0`, 'utf8')),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}
