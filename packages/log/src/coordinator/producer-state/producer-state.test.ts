import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidProducerEpochError, OutOfOrderSequenceError } from '../errors.js';
import { BATCHES_TO_RETAIN, PartitionProducerState, incrementSequence } from './producer-state.js';
import type { ProducerBatchHeader } from './producer-state.js';

const TXN = 0x10;

function batch(pid: number, epoch: number, seq: number, count: number, baseOffset: number, attributes = 0): ProducerBatchHeader {
  return { producerId: pid, producerEpoch: epoch, baseSequence: seq, lastOffsetDelta: count - 1, baseOffset, attributes };
}

function marker(pid: number, epoch: number, offset: number): ProducerBatchHeader {
  return { producerId: pid, producerEpoch: epoch, baseSequence: -1, lastOffsetDelta: 0, baseOffset: offset, attributes: TXN | 0x20 };
}

describe('PartitionProducerState sequences', () => {
  it('accepts any first sequence for an unknown producer, then requires last+1', () => {
    const s = new PartitionProducerState();
    expect(s.checkAndRecord(batch(7, 0, 42, 3, 0))).toBe('append');
    expect(s.producer(7)).toEqual({ epoch: 0, lastSequence: 44 });
    expect(s.checkAndRecord(batch(7, 0, 45, 1, 3))).toBe('append');
    expect(() => s.checkAndRecord(batch(7, 0, 47, 1, 4))).toThrow(OutOfOrderSequenceError);
    expect(() => s.checkAndRecord(batch(7, 0, 47, 1, 4))).toThrow(expect.objectContaining({ code: 'OUT_OF_ORDER_SEQUENCE_NUMBER' }));
  });

  it('answers a retried batch among the last 5 with its original base offset and forgets older ones', () => {
    const s = new PartitionProducerState();
    for (let i = 0; i < 7; i++) expect(s.checkAndRecord(batch(1, 0, i * 2, 2, i * 10))).toBe('append');
    expect(s.checkAndRecord(batch(1, 0, 12, 2, 99))).toEqual({ duplicateOf: 60 });
    expect(s.checkAndRecord(batch(1, 0, 4, 2, 99))).toEqual({ duplicateOf: 20 });
    // Batch #1 (seq 2..3) fell out of the retained 5: it is now out of order, not a duplicate.
    expect(BATCHES_TO_RETAIN).toBe(5);
    expect(() => s.checkAndRecord(batch(1, 0, 2, 2, 99))).toThrow(OutOfOrderSequenceError);
  });

  it('rejects an older epoch and requires sequence 0 after an epoch bump', () => {
    const s = new PartitionProducerState();
    s.checkAndRecord(batch(1, 3, 0, 5, 0));
    expect(() => s.checkAndRecord(batch(1, 2, 5, 1, 5))).toThrow(InvalidProducerEpochError);
    expect(() => s.checkAndRecord(batch(1, 4, 5, 1, 5))).toThrow(OutOfOrderSequenceError);
    expect(s.checkAndRecord(batch(1, 4, 0, 1, 5))).toBe('append');
    expect(s.producer(1)).toEqual({ epoch: 4, lastSequence: 0 });
  });

  it('wraps sequences at Int32.MAX', () => {
    const s = new PartitionProducerState();
    const max = 2147483647;
    s.checkAndRecord(batch(1, 0, max - 1, 2, 0));
    expect(s.producer(1)!.lastSequence).toBe(max);
    expect(s.checkAndRecord(batch(1, 0, 0, 1, 2))).toBe('append');
    expect(incrementSequence(max - 1, 3)).toBe(1);
  });

  it('ignores non-idempotent batches (producerId -1, as kafkajs sends epoch 0 / sequence 0)', () => {
    const s = new PartitionProducerState();
    expect(s.checkAndRecord(batch(-1, 0, 0, 1, 0))).toBe('append');
    expect(s.checkAndRecord(batch(-1, 0, 0, 1, 1))).toBe('append');
    expect(s.producer(-1)).toBeUndefined();
  });
});

describe('PartitionProducerState transactions', () => {
  it('bounds the LSO by the first offset of the earliest open transaction', () => {
    const s = new PartitionProducerState();
    expect(s.lastStableOffset(0)).toBe(0);
    s.checkAndRecord(batch(1, 0, 0, 2, 0, TXN));
    s.checkAndRecord(batch(2, 0, 0, 1, 2, TXN));
    s.checkAndRecord(batch(1, 0, 2, 1, 3, TXN));
    expect(s.lastStableOffset(4)).toBe(0);
    expect(s.openTransactionFirstOffset(2)).toBe(2);
    s.checkAndRecord(marker(1, 0, 4), 'commit');
    expect(s.lastStableOffset(5)).toBe(2);
    s.checkAndRecord(marker(2, 0, 5), 'abort');
    expect(s.lastStableOffset(6)).toBe(6);
  });

  it('indexes aborted ranges and returns them per collectAbortedTxns', () => {
    const s = new PartitionProducerState();
    s.checkAndRecord(batch(1, 0, 0, 3, 0, TXN)); // 0..2
    s.checkAndRecord(marker(1, 0, 3), 'abort'); // aborted [0,3]
    s.checkAndRecord(batch(2, 0, 0, 1, 4, TXN)); // 4
    s.checkAndRecord(batch(3, 0, 0, 1, 5, TXN)); // 5
    s.checkAndRecord(marker(3, 0, 6), 'commit');
    s.checkAndRecord(marker(2, 0, 7), 'abort'); // aborted [4,7]
    expect(s.abortedTransactions(0, 8)).toEqual([
      { producerId: 1, firstOffset: 0 },
      { producerId: 2, firstOffset: 4 },
    ]);
    expect(s.abortedTransactions(4, 8)).toEqual([{ producerId: 2, firstOffset: 4 }]);
    expect(s.abortedTransactions(0, 4)).toEqual([{ producerId: 1, firstOffset: 0 }]);
    expect(s.abortedTransactions(8, 20)).toEqual([]);
    s.onLogStartOffset(4);
    expect(s.abortedTransactions(0, 8)).toEqual([{ producerId: 2, firstOffset: 4 }]);
  });

  it('a marker with a bumped epoch (coordinator fencing) resets the sequence to 0 and rejects the old epoch', () => {
    const s = new PartitionProducerState();
    s.checkAndRecord(batch(1, 0, 0, 2, 0, TXN));
    s.checkAndRecord(marker(1, 1, 2), 'abort');
    expect(() => s.checkAndRecord(batch(1, 0, 2, 1, 3, TXN))).toThrow(InvalidProducerEpochError);
    expect(() => s.checkAndRecord(batch(1, 1, 2, 1, 3, TXN))).toThrow(OutOfOrderSequenceError);
    expect(s.checkAndRecord(batch(1, 1, 0, 1, 3, TXN))).toBe('append');
    expect(() => s.checkAndRecord(marker(1, 0, 4), 'commit')).toThrow(InvalidProducerEpochError);
  });

  it('rebuildFromBatches restores sequences, open transactions and aborted ranges', () => {
    const live = new PartitionProducerState();
    const log: { header: ProducerBatchHeader; controlKind?: 'commit' | 'abort' }[] = [
      { header: batch(1, 0, 0, 2, 0, TXN) },
      { header: marker(1, 0, 2), controlKind: 'abort' },
      { header: batch(2, 0, 0, 1, 3, TXN) },
      { header: batch(3, 0, 10, 1, 4) },
    ];
    for (const b of log) live.checkAndRecord(b.header, b.controlKind);
    const rebuilt = new PartitionProducerState();
    rebuilt.rebuildFromBatches(log);
    for (const s of [live, rebuilt]) {
      expect(s.lastStableOffset(5)).toBe(3);
      expect(s.abortedTransactions(0, 5)).toEqual([{ producerId: 1, firstOffset: 0 }]);
      expect(s.producer(3)).toEqual({ epoch: 0, lastSequence: 10 });
      expect(s.checkAndRecord(batch(3, 0, 10, 1, 99))).toEqual({ duplicateOf: 4 });
    }
  });
});

/** Oracle: the full history of accepted batches per producer, with the rules written out longhand. */
class SequenceOracle {
  private readonly history = new Map<number, { epoch: number; first: number; last: number; offset: number }[]>();

  apply(pid: number, epoch: number, first: number, count: number, offset: number): string {
    const h = this.history.get(pid) ?? [];
    const last = (first + count - 1) % 2147483648;
    if (h.length === 0) {
      this.history.set(pid, [{ epoch, first, last, offset }]);
      return 'append';
    }
    const currentEpoch = h[h.length - 1]!.epoch;
    if (epoch < currentEpoch) return 'epoch';
    const sameEpoch = h.filter((b) => b.epoch === currentEpoch);
    if (epoch === currentEpoch) {
      const dup = sameEpoch.slice(-5).find((b) => b.first === first && b.last === last);
      if (dup) return `dup:${dup.offset}`;
      const prevLast = sameEpoch[sameEpoch.length - 1]!.last;
      if (first !== (prevLast + 1) % 2147483648) return 'order';
    } else if (first !== 0) {
      return 'order';
    }
    h.push({ epoch, first, last, offset });
    return 'append';
  }
}

describe('PartitionProducerState property', () => {
  it('accepts, deduplicates and rejects exactly like the longhand history oracle', () => {
    const op = fc.record({
      pid: fc.integer({ min: 0, max: 2 }),
      epoch: fc.integer({ min: 0, max: 2 }),
      seqDelta: fc.oneof(fc.constant(0), fc.integer({ min: -12, max: 3 })),
      count: fc.integer({ min: 1, max: 3 }),
      nearWrap: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const s = new PartitionProducerState();
        const oracle = new SequenceOracle();
        const next = new Map<number, number>();
        let offset = 0;
        for (const o of ops) {
          const start = next.get(o.pid) ?? (o.nearWrap ? 2147483646 : 0);
          const seq = Math.max(0, start + o.seqDelta) % 2147483648;
          const expected = oracle.apply(o.pid, o.epoch, seq, o.count, offset);
          let actual: string;
          try {
            const v = s.checkAndRecord(batch(o.pid, o.epoch, seq, o.count, offset));
            actual = v === 'append' ? 'append' : `dup:${v.duplicateOf}`;
          } catch (e) {
            actual = e instanceof InvalidProducerEpochError ? 'epoch' : e instanceof OutOfOrderSequenceError ? 'order' : 'other';
          }
          expect(actual).toBe(expected);
          if (actual === 'append') {
            next.set(o.pid, (seq + o.count) % 2147483648);
            offset += o.count;
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('PartitionProducerState.listProducers (DescribeProducers)', () => {
  it('lists each producer with epoch, last sequence, last timestamp and its open transaction start', () => {
    const s = new PartitionProducerState();
    s.checkAndRecord({ ...batch(9, 1, 0, 3, 0), maxTimestamp: 1_000 });
    s.checkAndRecord({ ...batch(4, 0, 0, 2, 3, TXN), maxTimestamp: 2_000 });
    s.checkAndRecord({ ...batch(9, 1, 3, 1, 5), maxTimestamp: 1_500 });
    expect(s.listProducers()).toEqual([
      { producerId: 4, producerEpoch: 0, lastSequence: 1, lastTimestamp: 2_000, coordinatorEpoch: -1, currentTxnStartOffset: 3 },
      { producerId: 9, producerEpoch: 1, lastSequence: 3, lastTimestamp: 1_500, coordinatorEpoch: -1, currentTxnStartOffset: -1 },
    ]);
    s.checkAndRecord(marker(4, 0, 6), 'commit');
    expect(s.listProducers()[0]!.currentTxnStartOffset).toBe(-1);
  });
});
