import { encodeRecordBatch } from '@tributary/protocol';
import type { CompressionType, RecordHeader as WireHeader, RecordInput } from '@tributary/protocol';
import { UnknownTopicError } from '../errors/client-errors.js';
import type { Partitioner } from '../partitioner/partitioner.js';
import type { TopicRecords } from '../producer/producer.js';

/** One send's records for one partition, in the order given. */
export interface PartitionRecords {
  readonly topic: string;
  readonly partition: number;
  readonly records: RecordInput[];
}

/**
 * Splits a send into per-partition record lists (explicit partition, else the partitioner); each
 * list becomes one or more batches (see sendPartitions). Unknown topics fail before anything is written.
 */
export function splitByPartition(
  sends: readonly TopicRecords[],
  partitionCount: (topic: string) => number | undefined,
  partitioner: Partitioner,
  now: number,
): PartitionRecords[] {
  const out: PartitionRecords[] = [];
  // Per topic, indexed by partition number: no per-record key strings on this hot path.
  const topics = new Map<string, (PartitionRecords | undefined)[]>();
  for (const { topic, records } of sends) {
    if (records.length === 0) continue;
    const count = partitionCount(topic);
    if (count === undefined) throw new UnknownTopicError(`send: unknown topic ${topic}`);
    let byPartition = topics.get(topic);
    if (byPartition === undefined) topics.set(topic, (byPartition = new Array<PartitionRecords | undefined>(count)));
    for (const r of records) {
      const partition = r.partition ?? partitioner.partition(topic, r.key, count);
      if (!Number.isInteger(partition) || partition < 0 || partition >= count) {
        throw new UnknownTopicError(`send: ${topic} has no partition ${partition}`);
      }
      let entry = byPartition[partition];
      if (entry === undefined) {
        entry = { topic, partition, records: [] };
        byPartition[partition] = entry;
        out.push(entry);
      }
      // The caller's record is encoded as it is (the encoder only reads it); copy only to stamp a time.
      entry.records.push(r.timestamp === undefined ? { key: r.key, value: r.value, timestamp: now, headers: r.headers as WireHeader[] | undefined } : (r as RecordInput));
    }
  }
  return out;
}

export interface BatchIdentity {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  transactional: boolean;
}

export function encodeBatch(records: readonly RecordInput[], compression: CompressionType, id: BatchIdentity): Buffer {
  return encodeRecordBatch(records, { compression, ...id });
}
