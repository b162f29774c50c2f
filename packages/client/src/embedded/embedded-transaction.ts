import type { LogNode } from '@tributary/log';
import type { CompressionType } from '@tributary/protocol';
import { FencedProducerError, IllegalClientStateError, InvalidTxnStateError } from '../errors/client-errors.js';
import type { Partitioner } from '../partitioner/partitioner.js';
import type { ConsumerGroupMetadata, SendResult, TopicRecords, Transaction } from '../producer/producer.js';
import type { ProducerRecord } from '../records/record.js';
import { partitionKey } from '../records/topic-partition.js';
import type { TopicPartitionOffset } from '../records/topic-partition.js';
import { offsetsByTopic } from './embedded-admin.js';
import { embeddedCall, fromErrorName } from './embedded-errors.js';
import { splitByPartition } from './partition-batches.js';
import type { PartitionRecords } from './partition-batches.js';
import { sendPartitions } from './producer-session.js';
import type { ProducerSession } from './producer-session.js';

export interface TransactionSettings {
  readonly transactionalId: string;
  readonly partitioner: Partitioner;
  readonly compression: CompressionType;
  readonly batchSizeBytes: number;
  onFenced(error: Error): void;
  /** `failed`: a send failed, so the producer's sequences can no longer be trusted. */
  onEnd(failed: boolean): void;
}

/**
 * A transaction driven straight through the node's coordinators (protocol V1): the first send to
 * a partition adds it (AddPartitionsToTxn), `sendOffsets` is AddOffsetsToTxn plus a TxnOffsetCommit
 * carrying the consumer's generation and member id (the group coordinator fences zombies), and
 * commit/abort is EndTxn, which writes the markers before it returns.
 */
export class EmbeddedTransaction implements Transaction {
  private active = true;
  private failed: Error | null = null;
  private readonly added = new Set<string>();
  private readonly groups = new Set<string>();

  constructor(
    private readonly node: LogNode,
    private readonly session: ProducerSession,
    private readonly settings: TransactionSettings,
  ) {}

  send(topic: string, records: readonly ProducerRecord[]): Promise<SendResult[]> {
    return this.sendBatch([{ topic, records }]);
  }

  async sendBatch(batches: readonly TopicRecords[]): Promise<SendResult[]> {
    this.assertActive();
    const parts = splitByPartition(batches, (t) => this.node.log.partitionCount(t), this.settings.partitioner, Date.now());
    try {
      await this.addPartitions(parts);
      return await sendPartitions(this.node, parts, this.session, {
        acks: 'durable',
        compression: this.settings.compression,
        transactional: true,
        batchSizeBytes: this.settings.batchSizeBytes,
      });
    } catch (error) {
      this.failed ??= error as Error;
      throw this.noteFenced(error);
    }
  }

  async sendOffsets(offsets: readonly TopicPartitionOffset[], group: ConsumerGroupMetadata): Promise<void> {
    this.assertActive();
    if (offsets.length === 0) return;
    const ref = this.ref();
    try {
      await embeddedCall('transaction.sendOffsets', () => this.node.transactions.addOffsetsToTxn({ ...ref, groupId: group.groupId }));
      this.groups.add(group.groupId);
      const results = await embeddedCall('transaction.sendOffsets', () =>
        this.node.groups.txnOffsetCommit({
          ...ref,
          groupId: group.groupId,
          generationId: group.generationId,
          memberId: group.memberId,
          groupInstanceId: group.groupInstanceId,
          topics: offsetsByTopic(offsets),
        }),
      );
      for (const t of results) {
        for (const p of t.partitions) {
          if (p.error !== 'NONE') throw fromErrorName(p.error, `transaction.sendOffsets: ${t.name}-${p.partitionIndex}: ${p.error}`);
        }
      }
    } catch (error) {
      throw this.noteFenced(error);
    }
  }

  async commit(): Promise<void> {
    this.assertActive();
    if (this.failed !== null) {
      throw new InvalidTxnStateError(`transaction.commit: a send failed (${this.failed.message}); abort the transaction`, { cause: this.failed });
    }
    await this.end(true);
  }

  abort(): Promise<void> {
    this.assertActive();
    return this.end(false);
  }

  isActive(): boolean {
    return this.active;
  }

  private async end(committed: boolean): Promise<void> {
    try {
      // Nothing registered with the coordinator: there is nothing to end (as kafkajs and Java skip EndTxn).
      if (this.added.size > 0 || this.groups.size > 0) {
        await embeddedCall(committed ? 'transaction.commit' : 'transaction.abort', () =>
          this.node.transactions.endTxn({ ...this.ref(), committed }),
        );
      }
      this.active = false;
      this.settings.onEnd(this.failed !== null);
    } catch (error) {
      throw this.noteFenced(error);
    }
  }

  private async addPartitions(parts: readonly PartitionRecords[]): Promise<void> {
    const missing = new Map<string, number[]>();
    for (const p of parts) {
      if (this.added.has(partitionKey(p.topic, p.partition))) continue;
      const list = missing.get(p.topic) ?? [];
      list.push(p.partition);
      missing.set(p.topic, list);
    }
    if (missing.size === 0) return;
    const results = await embeddedCall('transaction.send', () =>
      this.node.transactions.addPartitionsToTxn({ ...this.ref(), topics: [...missing].map(([name, partitions]) => ({ name, partitions })) }),
    );
    for (const t of results) {
      for (const p of t.partitions) {
        if (p.error !== 'NONE') throw fromErrorName(p.error, `transaction.send: ${t.name}-${p.partitionIndex}: ${p.error}`);
      }
    }
    for (const [topic, partitions] of missing) for (const p of partitions) this.added.add(partitionKey(topic, p));
  }

  private ref(): { transactionalId: string; producerId: number; producerEpoch: number } {
    return { transactionalId: this.settings.transactionalId, producerId: this.session.producerId, producerEpoch: this.session.producerEpoch };
  }

  private assertActive(): void {
    if (!this.active) throw new IllegalClientStateError('the transaction has ended');
  }

  /** A fenced producer is done for good: the transaction ends and the producer refuses new ones. */
  private noteFenced(error: unknown): unknown {
    if (error instanceof FencedProducerError) {
      this.active = false;
      this.settings.onFenced(error);
    }
    return error;
  }
}
