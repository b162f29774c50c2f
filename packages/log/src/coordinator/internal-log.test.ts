import { describe, expect, it } from 'vitest';
import { InMemoryInternalLog, coordinatorPartitionFor } from './internal-log.js';
import { ManualScheduler } from './scheduler.js';

describe('coordinatorPartitionFor', () => {
  it("matches Kafka's Utils.abs(String.hashCode) % partitions", () => {
    // "hello".hashCode() = 99162322; "polygenelubricants".hashCode() = Integer.MIN_VALUE → abs 0.
    expect(coordinatorPartitionFor('hello', 50)).toBe(99162322 % 50);
    expect(coordinatorPartitionFor('polygenelubricants', 50)).toBe(0);
    expect(coordinatorPartitionFor('', 50)).toBe(0);
  });
});

describe('InMemoryInternalLog and ManualScheduler', () => {
  it('replays appended records in offset order per partition', async () => {
    const log = new InMemoryInternalLog();
    expect(await log.append('t', 0, [{ key: Buffer.from('a'), value: null }])).toBe(0);
    expect(await log.append('t', 0, [{ key: null, value: Buffer.from('b') }, { key: null, value: null }])).toBe(1);
    const seen: number[] = [];
    await log.replay('t', 0, (_r, offset) => seen.push(offset));
    await log.replay('t', 1, () => seen.push(-1));
    expect(seen).toEqual([0, 1, 2]);
  });

  it('fires due timers in due order, including ones scheduled while advancing', () => {
    const s = new ManualScheduler(100);
    const fired: string[] = [];
    s.schedule(20, () => fired.push(`b@${s.now()}`));
    const c = s.schedule(5, () => fired.push('cancelled'));
    s.schedule(10, () => {
      fired.push(`a@${s.now()}`);
      s.schedule(5, () => fired.push(`nested@${s.now()}`));
    });
    s.cancel(c);
    s.advance(19);
    expect(fired).toEqual(['a@110', 'nested@115']);
    s.advance(1);
    expect(fired).toEqual(['a@110', 'nested@115', 'b@120']);
    expect(s.now()).toBe(120);
    expect(s.pendingTimers).toBe(0);
  });
});
