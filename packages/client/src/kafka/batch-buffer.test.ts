import { describe, expect, it } from 'vitest';
import { BatchBuffer } from './batch-buffer.js';

const record = { offset: 0, timestamp: 0, key: null, value: null, headers: [] };
const batch = (partition: number, nextOffset = 1, records = [record]) => ({ topic: 't', partition, records, nextOffset, highWatermark: 9 });

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

  it('coalesces trailing progress-only batches of a partition, keeping them behind its records', () => {
    const buffer = new BatchBuffer(8);
    buffer.pushProgress('p0', batch(0, 2, []));
    buffer.push('p0', batch(0, 3));
    buffer.pushProgress('p0', batch(0, 5, []));
    buffer.push('p1', batch(1, 4));
    buffer.pushProgress('p0', batch(0, 7, []));
    expect(buffer.take(() => true).map((b) => [b.partition, b.nextOffset, b.records.length])).toEqual([
      [0, 2, 0],
      [0, 3, 1],
      [0, 7, 0],
      [1, 4, 1],
    ]);
  });
});
