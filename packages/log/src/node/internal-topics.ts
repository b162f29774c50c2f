import { BatchAttributes, decodeRecordBatch, encodeControlBatch, encodeRecordBatch, iterateBatches } from '@tributary/protocol';
import type { InternalLog, InternalRecord, PartitionMarkerWriter } from '../coordinator/internal-log.js';
import type { Log } from '../log.js';

/** Kafka's `offsets.topic.segment.bytes` / `transaction.state.log.segment.bytes`. */
const INTERNAL_SEGMENT_BYTES = 100 * 1024 * 1024;
const REPLAY_CHUNK_BYTES = 4 << 20;

/**
 * The coordinators' storage ports over the node's own log: internal topics are compacted topics
 * of the same log ("everything is a log"), and transaction markers go through the data
 * partition's normal append path, so its producer state sees them.
 */
export class LogInternalTopics implements InternalLog, PartitionMarkerWriter {
  constructor(
    private readonly log: Log,
    private readonly now: () => number,
  ) {}

  /**
   * Creates the internal topic when missing and returns its partition count. An existing topic
   * keeps its count (coordinator keys hash over it), whatever `partitions` says now.
   */
  async ensure(topic: string, partitions: number): Promise<number> {
    const existing = this.log.partitionCount(topic);
    if (existing !== undefined) return existing;
    await this.log.createTopic(topic, {
      partitions,
      internal: true,
      configs: { 'cleanup.policy': 'compact', 'segment.bytes': INTERNAL_SEGMENT_BYTES },
    });
    return partitions;
  }

  async append(topic: string, partition: number, records: readonly InternalRecord[]): Promise<number> {
    const p = this.log.partition(topic, partition);
    if (records.length === 0) return p.logEndOffset;
    const timestamp = this.now();
    const batch = encodeRecordBatch(records.map((r) => ({ key: r.key, value: r.value, timestamp })));
    return (await p.append(batch, { acks: 'durable' })).baseOffset;
  }

  async replay(topic: string, partition: number, onRecord: (record: InternalRecord, offset: number) => void): Promise<void> {
    if (!this.log.hasTopic(topic)) return;
    const p = this.log.partition(topic, partition);
    let offset = p.logStartOffset;
    while (offset < p.highWatermark) {
      const { batches } = await p.read(offset, { maxBytes: REPLAY_CHUNK_BYTES });
      if (batches.length === 0) return;
      let next = offset;
      for (const { pos, header } of iterateBatches(batches)) {
        next = header.baseOffset + header.lastOffsetDelta + 1;
        if ((header.attributes & BatchAttributes.control) !== 0) continue;
        for (const r of decodeRecordBatch(batches, pos).records) if (r.offset >= offset) onRecord({ key: r.key, value: r.value }, r.offset);
      }
      if (next <= offset) return;
      offset = next;
    }
  }

  /** Markers for partitions deleted since the transaction touched them are skipped (-1). */
  async writeControlMarker(
    topic: string,
    partition: number,
    kind: 'commit' | 'abort',
    producerId: number,
    producerEpoch: number,
    coordinatorEpoch: number,
  ): Promise<number> {
    const count = this.log.partitionCount(topic);
    if (count === undefined || partition >= count) return -1;
    const batch = encodeControlBatch(kind, { producerId, producerEpoch, coordinatorEpoch, timestamp: this.now() });
    return (await this.log.partition(topic, partition).append(batch, { acks: 'durable' })).baseOffset;
  }
}
