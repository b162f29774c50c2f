import { BatchAttributes, decodeRecordBatch, iterateBatches } from '@tributary/protocol';
import type { NodeFetchResult } from '@tributary/log';
import type { FetchedBatch } from '../consumer/consumer.js';
import type { ConsumedRecord } from '../records/record.js';

/**
 * A partition's fetched bytes as a FetchedBatch whose records are decoded on first access. Which
 * batches count is decided from headers alone: control batches and (read_committed) batches of
 * aborted transactions are skipped, as the Java consumer does with the fetch's aborted list.
 */
class LazyFetchedBatch implements FetchedBatch {
  declare readonly records: readonly ConsumedRecord[];
  private decoded: ConsumedRecord[] | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly nextOffset: number,
    readonly highWatermark: number,
    private readonly bytes: Buffer,
    private readonly positions: readonly number[],
    private readonly fromOffset: number,
  ) {
    // An own enumerable accessor, so spreading the batch still carries its records.
    Object.defineProperty(this, 'records', { enumerable: true, get: () => this.decode() });
  }

  private decode(): readonly ConsumedRecord[] {
    if (this.decoded === undefined) {
      const out: ConsumedRecord[] = [];
      for (const pos of this.positions) {
        for (const r of decodeRecordBatch(this.bytes, pos).records) {
          if (r.offset >= this.fromOffset) out.push(r);
        }
      }
      this.decoded = out;
    }
    return this.decoded;
  }
}

export interface SelectedBatches {
  /** Undefined when no record is deliverable (the position still moves to `nextOffset`). */
  readonly batch: FetchedBatch | undefined;
  readonly nextOffset: number;
}

/** Picks the deliverable batches of a fetch from `offset`. */
export function selectBatches(topic: string, partition: number, offset: number, fetched: NodeFetchResult): SelectedBatches {
  const aborted = fetched.abortedTransactions === null ? [] : [...fetched.abortedTransactions].sort((a, b) => a.firstOffset - b.firstOffset);
  const abortedProducers = new Set<number>();
  const positions: number[] = [];
  let next = offset;
  let a = 0;
  for (const { pos, header } of iterateBatches(fetched.batches)) {
    const last = header.baseOffset + header.lastOffsetDelta;
    if (last < offset) continue;
    next = last + 1;
    while (a < aborted.length && aborted[a]!.firstOffset <= last) abortedProducers.add(aborted[a++]!.producerId);
    const transactional = (header.attributes & BatchAttributes.transactional) !== 0;
    if ((header.attributes & BatchAttributes.control) !== 0) {
      // The producer's ABORT (or COMMIT) marker ends its transaction in this partition.
      abortedProducers.delete(header.producerId);
      continue;
    }
    if (transactional && abortedProducers.has(header.producerId)) continue;
    positions.push(pos);
  }
  if (positions.length === 0) return { batch: undefined, nextOffset: next };
  return {
    batch: new LazyFetchedBatch(topic, partition, next, fetched.highWatermark, fetched.batches, positions, offset),
    nextOffset: next,
  };
}
