import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../../test/helpers/wait-for.js';
import { Segment } from '../segment/segment.js';
import type { Storage, StorageFile } from '../storage/storage.js';
import { WritePump, type FlushPolicy, type PumpHost } from './write-pump.js';

/** A file whose fdatasyncs finish (or fail) only when the test says so. */
class GatedFile implements StorageFile {
  written = 0;
  readonly syncs: Array<{ writtenAtStart: number; finish(): void; fail(err: Error): void }> = [];

  async writev(buffers: readonly Buffer[]): Promise<void> {
    for (const b of buffers) this.written += b.length;
  }
  async read(): Promise<Buffer> {
    return Buffer.alloc(0);
  }
  async size(): Promise<number> {
    return this.written;
  }
  datasync(): Promise<void> {
    return new Promise((resolve, reject) => this.syncs.push({ writtenAtStart: this.written, finish: resolve, fail: reject }));
  }
  async truncate(): Promise<void> {}
  async close(): Promise<void> {}
}

function setup(policy: FlushPolicy = { everyWrite: true, flushMessages: 1, flushMs: 2 ** 31 - 1 }) {
  const file = new GatedFile();
  const segment = new Segment('/nowhere', 0, 0);
  segment.file = file;
  const state = { hw: 0, failures: [] as unknown[] };
  const host: PumpHost = {
    storage: { durable: true } as Storage,
    flushPolicy: () => policy,
    seal: async () => {},
    advance: (end) => (state.hw = Math.max(state.hw, end)),
    fail: (err) => state.failures.push(err),
  };
  const pump = new WritePump(host);
  const write = (endOffset: number, durable: boolean): { settled: () => string; done: Promise<void> } => {
    let status = 'pending';
    const done = new Promise<void>((resolve, reject) =>
      pump.enqueue({ kind: 'write', segment, data: Buffer.alloc(10), endOffset, records: 1, durable, resolve, reject }),
    ).then(
      () => void (status = 'resolved'),
      () => void (status = 'rejected'),
    );
    return { settled: () => status, done };
  };
  return { file, state, write, pump };
}

describe('WritePump (group commit beside writes)', () => {
  it('acks=leader writes are acknowledged while an earlier fsync runs; the high watermark and durable acks wait for an fsync started after the write', async () => {
    const { file, state, write } = setup();
    const a = write(1, true);
    await waitFor(() => file.syncs.length === 1);
    const b = write(2, false);
    await b.done; // written while fsync #1 still runs
    const c = write(3, true);
    await waitFor(() => file.written === 30);
    expect(state.hw).toBe(0);
    expect([a.settled(), c.settled()]).toEqual(['pending', 'pending']);
    expect(file.syncs.length).toBe(1); // one fsync at a time

    file.syncs[0]!.finish();
    await a.done;
    expect(state.hw).toBe(1); // only what fsync #1 covered
    await waitFor(() => file.syncs.length === 2);
    expect(file.syncs[1]!.writtenAtStart).toBe(30); // the next fsync covers b and c
    expect(c.settled()).toBe('pending');

    file.syncs[1]!.finish();
    await c.done;
    expect(c.settled()).toBe('resolved');
    expect(state.hw).toBe(3);
  });

  it('a failed fsync rejects the appends waiting on it and everything after, and reports the failure once', async () => {
    const { file, state, write, pump } = setup();
    const a = write(1, true);
    await waitFor(() => file.syncs.length === 1);
    const b = write(2, true);
    await waitFor(() => file.written === 20);
    file.syncs[0]!.fail(new Error('EIO'));
    await Promise.all([a.done, b.done]);
    expect([a.settled(), b.settled()]).toEqual(['rejected', 'rejected']);
    await expect(pump.sync()).rejects.toThrow('EIO');
    const later = write(3, false);
    await later.done;
    expect(later.settled()).toBe('rejected');
    expect(state.failures).toHaveLength(1);
    expect(state.hw).toBe(0);
  });
});
