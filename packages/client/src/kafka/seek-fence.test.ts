import { describe, expect, it } from 'vitest';
import { SeekFence } from './seek-fence.js';

describe('SeekFence', () => {
  it('admits filtered batches of partitions that were never sought', () => {
    const fence = new SeekFence();
    fence.fetchStarted(1);
    expect(fence.admits('t-0', 10, 20)).toBe(true);
  });

  it('after a seek, holds back a batch from an older fetch until every broker fetching then has fetched again', () => {
    const fence = new SeekFence();
    fence.fetchStarted(1);
    fence.fetchStarted(2);
    fence.sought('t-0', 0);
    // Fetched before the seek from offset 50: reporting 61 would skip 0..49.
    expect(fence.admits('t-0', 50, 60)).toBe(false);
    fence.fetchStarted(1);
    expect(fence.admits('t-0', 50, 60)).toBe(false);
    fence.fetchStarted(2);
    expect(fence.admits('t-0', 50, 60)).toBe(true);
    // The seek is settled: later batches pass at once.
    expect(fence.admits('t-0', 70, 80)).toBe(true);
  });

  it('admits at once a batch whose skipped range covers the seek offset (nothing readable is jumped)', () => {
    const fence = new SeekFence();
    fence.fetchStarted(1);
    fence.sought('t-0', 55);
    expect(fence.admits('t-0', 50, 60)).toBe(true);
    expect(fence.admits('t-0', 50, 54)).toBe(true); // ends right before the seek offset: next is 55
    expect(fence.admits('t-0', 56, 60)).toBe(false);
  });

  it('a batch eachBatch took as fresh, or a rebalance, settles pending seeks', () => {
    const fence = new SeekFence();
    fence.fetchStarted(1);
    fence.sought('t-0', 0);
    fence.sought('t-1', 0);
    fence.applied('t-0');
    expect(fence.admits('t-0', 50, 60)).toBe(true);
    expect(fence.admits('t-1', 50, 60)).toBe(false);
    fence.clear();
    expect(fence.admits('t-1', 50, 60)).toBe(true);
  });
});
