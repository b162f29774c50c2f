import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait-for.js';
import { FrameCapture } from './capture-frames.js';

/** A request frame: size, apiKey, apiVersion, correlationId, then an opaque body. */
function requestFrame(apiKey: number, version: number, correlationId: number, body: Buffer): Buffer {
  const frame = Buffer.alloc(12 + body.length);
  frame.writeInt32BE(8 + body.length, 0);
  frame.writeInt16BE(apiKey, 4);
  frame.writeInt16BE(version, 6);
  frame.writeInt32BE(correlationId, 8);
  body.copy(frame, 12);
  return frame;
}

/** A fake broker answering each request with `size, correlationId` and as many bytes as its body had. */
async function fakeBroker(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const size = pending.readInt32BE(0);
        const bodyLength = size - 8;
        const response = Buffer.alloc(8 + bodyLength, bodyLength);
        response.writeInt32BE(4 + bodyLength, 0);
        response.writeInt32BE(pending.readInt32BE(8), 4);
        socket.write(response);
        pending = pending.subarray(4 + size);
      }
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  return { server, port };
}

describe('FrameCapture', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('forwards bytes unchanged and writes one request/response pair per (client, apiKey, version)', async () => {
    const broker = await fakeBroker();
    cleanups.push(() => new Promise<void>((resolve) => broker.server.close(() => resolve())));
    const capture = await FrameCapture.start({ targetPort: broker.port, client: 'fake' });
    cleanups.push(() => capture.close());
    const out = mkdtempSync(join(tmpdir(), 'frames-'));
    cleanups.push(() => rmSync(out, { recursive: true, force: true }));

    const socket: Socket = createConnection({ port: capture.port, host: '127.0.0.1' });
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const frames = [
      requestFrame(18, 3, 1, Buffer.from('a')),
      requestFrame(3, 12, 2, Buffer.from('bb')),
      requestFrame(3, 12, 3, Buffer.from('cccc')), // same key/version, larger response: kept
    ];
    const wire = Buffer.concat(frames);
    // Split mid-frame to exercise reassembly.
    socket.write(wire.subarray(0, 7));
    socket.write(wire.subarray(7, 20));
    socket.write(wire.subarray(20));
    await waitFor(() => Buffer.concat(received).length === 31, { timeoutMs: 5_000, message: 'three responses' });
    socket.destroy();

    const written = capture.flush(out);
    expect(written.map((w) => [w.apiKey, w.apiVersion])).toEqual([[18, 3], [3, 12]]);
    const files = readdirSync(join(out, 'fake')).sort();
    expect(files).toEqual(['0001-18-v3-request.bin', '0001-18-v3-response.bin', '0003-3-v12-request.bin', '0003-3-v12-response.bin']);
    expect(readFileSync(join(out, 'fake', '0003-3-v12-request.bin'))).toEqual(frames[2]);
    expect(readFileSync(join(out, 'fake', '0003-3-v12-response.bin')).readUInt8(8)).toBe(4);
  });
});
