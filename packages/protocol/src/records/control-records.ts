import { encodeRecordBatch } from './record-batch-encoder.js';
import type { DecodedRecord } from './record-types.js';

/** Control record types carried in the key (Kafka's ControlRecordType). */
export const ControlRecordType = { abort: 0, commit: 1 } as const;

export interface ControlBatchOptions {
  producerId: number;
  producerEpoch: number;
  coordinatorEpoch?: number;
  timestamp?: number;
  baseOffset?: number;
  partitionLeaderEpoch?: number;
}

/**
 * A transaction marker batch as the broker writes it: transactional|control, uncompressed, one
 * record with key (int16 version 0, int16 type) and value (int16 version 0, int32 coordinatorEpoch).
 */
export function encodeControlBatch(kind: 'commit' | 'abort', opts: ControlBatchOptions): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(ControlRecordType[kind], 2);
  const value = Buffer.alloc(6);
  value.writeInt32BE(opts.coordinatorEpoch ?? 0, 2);
  return encodeRecordBatch([{ key, value, timestamp: opts.timestamp ?? Date.now() }], {
    baseOffset: opts.baseOffset ?? 0,
    partitionLeaderEpoch: opts.partitionLeaderEpoch ?? -1,
    producerId: opts.producerId,
    producerEpoch: opts.producerEpoch,
    baseSequence: -1,
    transactional: true,
    control: true,
  });
}

/** Reads a control record's type from its key; anything else (KRaft-internal types, junk) is 'unknown'. */
export function readControlRecordType(record: DecodedRecord): 'commit' | 'abort' | 'unknown' {
  const key = record.key;
  if (key === null || key.length < 4 || key.readInt16BE(0) < 0) return 'unknown';
  const type = key.readInt16BE(2);
  return type === ControlRecordType.commit ? 'commit' : type === ControlRecordType.abort ? 'abort' : 'unknown';
}

/** The coordinator epoch of a transaction marker's value, or undefined if it is not one. */
export function readControlCoordinatorEpoch(record: DecodedRecord): number | undefined {
  const value = record.value;
  if (value === null || value.length < 6 || value.readInt16BE(0) < 0) return undefined;
  return value.readInt32BE(2);
}
