import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../../test/helpers/wait-for.js';
import type { Logger } from '../logging/logger.js';
import { Connection } from './connection.js';
import type { DispatchOutcome, RequestDispatcher } from './request-dispatcher.js';

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const FRAME = 100_000;
const LIMIT = 300_000;

/** A Produce-keyed frame (api key 0, so the connection pipelines it) carrying an id. */
function produceFrame(id: number): Buffer {
  const b = Buffer.alloc(FRAME);
  b.writeInt32BE(FRAME - 4, 0);
  b.writeInt16BE(0, 4);
  b.writeInt32BE(id, 8);
  return b;
}

/** Answers each request a few ms later, counting how many run at once. */
class SlowProduce implements RequestDispatcher {
  running = 0;
  maxRunning = 0;
  async dispatch(frame: Buffer): Promise<DispatchOutcome> {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    await new Promise((r) => setTimeout(r, 5)); // simulated disk write
    this.running--;
    const out = Buffer.alloc(8);
    out.writeInt32BE(4, 0);
    out.writeInt32BE(frame.readInt32BE(8), 4);
    return { kind: 'respond', bytes: out };
  }
}

let server: Server | undefined;
let client: Socket | undefined;
afterEach(async () => {
  client?.destroy();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

describe('Connection read back-pressure by bytes', () => {
  it('holds at most maxQueuedBytes (plus one frame) of unanswered requests and still answers every request in order', async () => {
    const dispatcher = new SlowProduce();
    server = createServer((socket) => {
      new Connection({ id: 1, socket, dispatcher, logger: quiet, maxRequestBytes: 1 << 20, maxQueuedBytes: LIMIT, onClosed: () => {} });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const c = connect({ host: '127.0.0.1', port });
    client = c;
    const ids: number[] = [];
    let buf = Buffer.alloc(0);
    c.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (; buf.length >= 8; buf = buf.subarray(8)) ids.push(buf.readInt32BE(4));
    });
    await new Promise((r) => c.once('connect', r));
    const n = 40;
    c.write(Buffer.concat(Array.from({ length: n }, (_, i) => produceFrame(i))));
    await waitFor(() => ids.length === n, { timeoutMs: 20_000 });
    expect(ids).toEqual(Array.from({ length: n }, (_, i) => i));
    // Without the byte budget up to 16 pipelined Produce requests (1.6 MB here) would be held.
    expect(dispatcher.maxRunning).toBeLessThanOrEqual(LIMIT / FRAME + 1);
  });
});
