import { InvalidProducerEpochError, OutOfOrderSequenceError } from '../errors.js';
import { PartitionTransactionIndex } from './transaction-index.js';

/** The batch-header fields producer state reads (structurally a subset of protocol's RecordBatchHeader). */
export interface ProducerBatchHeader {
  baseOffset: number;
  lastOffsetDelta: number;
  attributes: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  /** Largest record timestamp of the batch (DescribeProducers' lastTimestamp); -1 when unknown. */
  maxTimestamp?: number;
}

/** One producer with state on a partition, as DescribeProducers (API 61) reports it. */
export interface ActiveProducer {
  producerId: number;
  producerEpoch: number;
  /** -1 when no data batch of the current epoch is retained. */
  lastSequence: number;
  /** -1 when unknown. */
  lastTimestamp: number;
  /** Single node: no transaction coordinator epochs are tracked, always -1. */
  coordinatorEpoch: number;
  /** First offset of the producer's open transaction here, -1 when none. */
  currentTxnStartOffset: number;
}

export type ControlMarkerKind = 'commit' | 'abort';

/** 'append' = write the batch; `duplicateOf` = a retry of a retained batch, answer its original base offset. */
export type AppendVerdict = 'append' | { duplicateOf: number };

/** A batch header as met when scanning a partition; control batches carry their marker kind. */
export interface ScannedBatch {
  header: ProducerBatchHeader;
  controlKind?: ControlMarkerKind;
}

interface BatchMetadata {
  firstSeq: number;
  lastSeq: number;
  firstOffset: number;
}

interface ProducerEntry {
  epoch: number;
  lastTimestamp: number;
  /** Oldest first, at most BATCHES_TO_RETAIN. */
  batches: BatchMetadata[];
}

/** Kafka's ProducerStateEntry.NUM_BATCHES_TO_RETAIN. */
export const BATCHES_TO_RETAIN = 5;
const TRANSACTIONAL = 0x10;
const INT32_MAX = 2147483647;
const NO_PRODUCER_ID = -1;

/** Kafka's DefaultRecordBatch.incrementSequence: sequences wrap from Int32.MAX to 0. */
export function incrementSequence(seq: number, by: number): number {
  return seq > INT32_MAX - by ? seq - (INT32_MAX - by) - 1 : seq + by;
}

/**
 * Idempotence and transaction state of one partition: per producer id the epoch and the last 5
 * batches' sequence ranges, plus open-transaction first offsets and aborted ranges. The storage
 * layer owns one per partition, calls `checkAndRecord` before writing each batch (with the
 * header's baseOffset already set to the offset it will get) and `rebuildFromBatches` on recovery.
 */
export class PartitionProducerState {
  private readonly producers = new Map<number, ProducerEntry>();
  private readonly txns = new PartitionTransactionIndex();

  /**
   * Validates a batch about to be appended and records it. Non-idempotent batches (producerId -1,
   * as kafkajs sends with epoch 0 / sequence 0) are not tracked. Throws InvalidProducerEpochError
   * or OutOfOrderSequenceError; nothing is recorded when it throws or answers a duplicate.
   */
  checkAndRecord(header: ProducerBatchHeader, controlKind?: ControlMarkerKind): AppendVerdict {
    if (header.producerId === NO_PRODUCER_ID) return 'append';
    const entry = this.producers.get(header.producerId);
    if (entry !== undefined && header.producerEpoch < entry.epoch) {
      throw new InvalidProducerEpochError(
        `producer ${header.producerId}: epoch ${header.producerEpoch} is older than the current ${entry.epoch}`,
      );
    }
    if (controlKind !== undefined) {
      this.recordMarker(header, controlKind);
      return 'append';
    }
    const lastSeq = incrementSequence(header.baseSequence, header.lastOffsetDelta);
    if (entry !== undefined && entry.epoch === header.producerEpoch) {
      for (const b of entry.batches) {
        if (b.firstSeq === header.baseSequence && b.lastSeq === lastSeq) return { duplicateOf: b.firstOffset };
      }
    }
    this.checkSequence(header, entry);
    this.recordData(header, lastSeq);
    return 'append';
  }

  /** Rebuilds state from the partition's batch headers in offset order, without validation (recovery). */
  rebuildFromBatches(batches: Iterable<ScannedBatch>): void {
    for (const { header, controlKind } of batches) {
      if (header.producerId === NO_PRODUCER_ID) continue;
      if (controlKind !== undefined) this.recordMarker(header, controlKind);
      else this.recordData(header, incrementSequence(header.baseSequence, header.lastOffsetDelta));
    }
  }

  lastStableOffset(highWatermark: number): number {
    return this.txns.lastStableOffset(highWatermark);
  }

  abortedTransactions(fetchOffset: number, upperBound: number): { producerId: number; firstOffset: number }[] {
    return this.txns.abortedTransactions(fetchOffset, upperBound);
  }

  /** First offset of the producer's open transaction on this partition (undefined when none). */
  openTransactionFirstOffset(producerId: number): number | undefined {
    return this.txns.openFirstOffset(producerId);
  }

  /** Drops aborted ranges wholly below the new log start offset. */
  onLogStartOffset(logStartOffset: number): void {
    this.txns.truncateBefore(logStartOffset);
  }

  /** Current epoch and last sequence of a producer (undefined when it has no state here). */
  producer(producerId: number): { epoch: number; lastSequence: number } | undefined {
    const e = this.producers.get(producerId);
    if (e === undefined) return undefined;
    return { epoch: e.epoch, lastSequence: e.batches.at(-1)?.lastSeq ?? -1 };
  }

  /** Every producer with state here, in producer-id order (DescribeProducers). */
  listProducers(): ActiveProducer[] {
    const out: ActiveProducer[] = [];
    for (const [producerId, e] of this.producers) {
      out.push({
        producerId,
        producerEpoch: e.epoch,
        lastSequence: e.batches.at(-1)?.lastSeq ?? -1,
        lastTimestamp: e.lastTimestamp,
        coordinatorEpoch: -1,
        currentTxnStartOffset: this.txns.openFirstOffset(producerId) ?? -1,
      });
    }
    return out.sort((a, b) => a.producerId - b.producerId);
  }

  private checkSequence(header: ProducerBatchHeader, entry: ProducerEntry | undefined): void {
    // No state (new producer, or its batches were removed by retention): any sequence is accepted.
    if (entry === undefined) return;
    const first = header.baseSequence;
    if (header.producerEpoch !== entry.epoch) {
      if (first !== 0) {
        throw new OutOfOrderSequenceError(
          `producer ${header.producerId}: new epoch ${header.producerEpoch} must start at sequence 0, got ${first}`,
        );
      }
      return;
    }
    const last = entry.batches.at(-1)?.lastSeq ?? -1;
    if (first !== last + 1 && !(first === 0 && last === INT32_MAX)) {
      throw new OutOfOrderSequenceError(
        `producer ${header.producerId} epoch ${header.producerEpoch}: expected sequence ${incrementSequence(last, 1)}, got ${first}`,
      );
    }
  }

  private recordData(header: ProducerBatchHeader, lastSeq: number): void {
    let entry = this.producers.get(header.producerId);
    if (entry === undefined) {
      entry = { epoch: header.producerEpoch, lastTimestamp: -1, batches: [] };
      this.producers.set(header.producerId, entry);
    } else if (entry.epoch !== header.producerEpoch) {
      entry.epoch = header.producerEpoch;
      entry.batches = [];
    }
    entry.batches.push({ firstSeq: header.baseSequence, lastSeq, firstOffset: header.baseOffset });
    if (header.maxTimestamp !== undefined) entry.lastTimestamp = header.maxTimestamp;
    if (entry.batches.length > BATCHES_TO_RETAIN) entry.batches.shift();
    if ((header.attributes & TRANSACTIONAL) !== 0) this.txns.begin(header.producerId, header.baseOffset);
  }

  private recordMarker(header: ProducerBatchHeader, kind: ControlMarkerKind): void {
    const entry = this.producers.get(header.producerId);
    if (entry === undefined) {
      this.producers.set(header.producerId, { epoch: header.producerEpoch, lastTimestamp: -1, batches: [] });
    } else if (entry.epoch !== header.producerEpoch) {
      // A marker written after a coordinator epoch bump (fencing): the next data batch starts at 0.
      entry.epoch = header.producerEpoch;
      entry.batches = [];
    }
    this.txns.complete(header.producerId, kind, header.baseOffset);
  }
}
