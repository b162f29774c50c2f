import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../logging/logger.js';
import type { ConnectionInfo, DispatchOutcome, RequestDispatcher } from './request-dispatcher.js';
import { KafkaTcpServer } from './tcp-server.js';

/** Test dispatcher: frame = int32 id + int32 delayMs + int8 mode (0 respond, 1 none, 2 close). */
class EchoDispatcher implements RequestDispatcher {
  async dispatch(frame: Buffer, conn: ConnectionInfo): Promise<DispatchOutcome> {
    const id = frame.readInt32BE(4);
    const delay = frame.readInt32BE(8);
    const mode = frame.readInt8(12);
    if (delay > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        conn.signal.addEventListener('abort', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    if (mode === 1) return { kind: 'none' };
    if (mode === 2) return { kind: 'close', reason: 'asked' };
    const out = Buffer.alloc(8);
    out.writeInt32BE(4, 0);
    out.writeInt32BE(id, 4);
    return { kind: 'respond', bytes: out };
  }
}

function request(id: number, delayMs = 0, mode = 0): Buffer {
  const b = Buffer.alloc(13);
  b.writeInt32BE(9, 0);
  b.writeInt32BE(id, 4);
  b.writeInt32BE(delayMs, 8);
  b.writeInt8(mode, 12);
  return b;
}

interface Client {
  socket: Socket;
  ids: number[];
  closed: Promise<void>;
}

function client(port: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const ids: number[] = [];
    let buf = Buffer.alloc(0);
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 8) {
        ids.push(buf.readInt32BE(4));
        buf = buf.subarray(8);
      }
    });
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.on('error', () => {});
    socket.once('connect', () => resolve({ socket, ids, closed }));
    socket.once('error', reject);
  });
}

async function until(cond: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const logs: Array<{ level: string; msg: string | undefined }> = [];
const logger: Logger = {
  debug: (_o, msg) => logs.push({ level: 'debug', msg }),
  info: (_o, msg) => logs.push({ level: 'info', msg }),
  warn: (_o, msg) => logs.push({ level: 'warn', msg }),
  error: (_o, msg) => logs.push({ level: 'error', msg }),
};

let server: KafkaTcpServer | undefined;
afterEach(async () => {
  await server?.close(1_000);
  server = undefined;
  logs.length = 0;
});

async function start(opts: { maxRequestBytes?: number; idleMs?: number } = {}): Promise<number> {
  server = new KafkaTcpServer({
    dispatcher: new EchoDispatcher(),
    logger,
    maxRequestBytes: opts.maxRequestBytes ?? 1024,
    connectionsMaxIdleMs: opts.idleMs ?? 60_000,
  });
  return (await server.listen('127.0.0.1', 0)).port;
}

describe('KafkaTcpServer', () => {
  it('answers pipelined requests strictly in order even when earlier ones are slower', async () => {
    const port = await start();
    const c = await client(port);
    c.socket.write(Buffer.concat([request(1, 60), request(2, 0), request(3, 20), request(4, 0)]));
    await until(() => c.ids.length === 4);
    expect(c.ids).toEqual([1, 2, 3, 4]);
    c.socket.destroy();
  });

  it('reassembles frames split across arbitrary TCP chunks', async () => {
    const port = await start();
    const c = await client(port);
    const all = Buffer.concat([request(7), request(8), request(9)]);
    for (let i = 0; i < all.length; i += 3) c.socket.write(all.subarray(i, i + 3));
    await until(() => c.ids.length === 3);
    expect(c.ids).toEqual([7, 8, 9]);
    c.socket.destroy();
  });

  it('sends nothing for a request that asks for no response and keeps order for the next', async () => {
    const port = await start();
    const c = await client(port);
    c.socket.write(Buffer.concat([request(1, 0, 1), request(2), request(3, 0, 1), request(4)]));
    await until(() => c.ids.length === 2);
    expect(c.ids).toEqual([2, 4]);
    c.socket.destroy();
  });

  it('a slow request on one connection does not delay another connection', async () => {
    const port = await start();
    const slow = await client(port);
    const fast = await client(port);
    slow.socket.write(request(1, 2_000));
    fast.socket.write(request(2));
    await until(() => fast.ids.length === 1, 1_500);
    expect(slow.ids).toEqual([]);
    slow.socket.destroy();
    fast.socket.destroy();
  });

  it('closes only the connection that sends an oversized frame, with a log line', async () => {
    const port = await start({ maxRequestBytes: 100 });
    const bad = await client(port);
    const good = await client(port);
    const huge = Buffer.alloc(8);
    huge.writeInt32BE(101, 0);
    bad.socket.write(huge);
    await bad.closed;
    good.socket.write(request(5));
    await until(() => good.ids.length === 1);
    expect(good.ids).toEqual([5]);
    expect(logs.some((l) => l.level === 'warn' && /socket.request.max.bytes/.test(l.msg ?? ''))).toBe(true);
    good.socket.destroy();
  });

  it('closes a connection with a negative size prefix', async () => {
    const port = await start();
    const bad = await client(port);
    bad.socket.write(Buffer.from([0xff, 0xff, 0xff, 0xf0, 1, 2, 3]));
    await bad.closed;
    expect(logs.some((l) => l.level === 'warn' && /invalid request size/.test(l.msg ?? ''))).toBe(true);
  });

  it('reaps connections idle longer than connections.max.idle.ms but not busy ones', async () => {
    const port = await start({ idleMs: 150 });
    const idle = await client(port);
    const busy = await client(port);
    busy.socket.write(request(1, 600));
    await idle.closed;
    await until(() => busy.ids.length === 1);
    expect(busy.ids).toEqual([1]);
    busy.socket.destroy();
  });

  it('graceful shutdown finishes in-flight requests, then closes', async () => {
    const port = await start();
    const c = await client(port);
    c.socket.write(Buffer.concat([request(1, 100), request(2)]));
    await until(() => server!.busyConnectionCount === 1);
    await server!.close(5_000);
    await c.closed;
    expect(c.ids).toEqual([1, 2]);
  });

  it('shutdown deadline cuts connections whose requests never finish', async () => {
    server = new KafkaTcpServer({
      dispatcher: { dispatch: () => new Promise<DispatchOutcome>(() => {}) },
      logger,
      maxRequestBytes: 1024,
      connectionsMaxIdleMs: -1,
    });
    const { port } = await server.listen('127.0.0.1', 0);
    const c = await client(port);
    c.socket.write(request(1));
    await until(() => server!.busyConnectionCount === 1);
    const t0 = Date.now();
    await server.close(200);
    await c.closed;
    expect(Date.now() - t0).toBeLessThan(900);
  });
});
