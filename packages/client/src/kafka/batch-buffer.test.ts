import { describe, expect, it } from 'vitest';
import { BatchBuffer } from './batch-buffer.js';

const batch = (partition: number) => ({ topic: 't', partition, records: [], nextOffset: 1, highWatermark: 1 });

describe('BatchBuffer', () => {
  it('counts only unpaused batches against capacity and keeps paused ones for later', () => {
    const buffer = new BatchBuffer(1);
    const paused = new Set(['p0']);
    buffer.push('p0', batch(0));
    expect(buffer.hasRoom((k) => paused.has(k))).toBe(true);
    buffer.push('p1', batch(1));
    expect(buffer.hasRoom((k) => paused.has(k))).toBe(false);
    expect(buffer.take((k) => !paused.has(k)).map((b) => b.partition)).toEqual([1]);
    paused.clear();
    expect(buffer.take(() => true).map((b) => b.partition)).toEqual([0]);
  });

  it('wakes a waiter on push and times out otherwise', async () => {
    const buffer = new BatchBuffer(4);
    const waiting = buffer.changed(10_000);
    buffer.push('p0', batch(0));
    await waiting;
    const started = Date.now();
    await buffer.changed(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });
});
