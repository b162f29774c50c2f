import type { ConsumerGroupMetadata, Producer, SendResult, TopicPartitionOffset, TopicRecords, Transaction } from '@tributary/client';
import { runEosCommitHook } from './eos-test-hooks.js';

/**
 * One transactional producer with a transaction that begins lazily at the first send after a
 * commit (as Kafka Streams' StreamsProducer does). An OutputBuffer sends through it, so every
 * record between two commits lands in the same transaction.
 */
export class TransactionalSender {
  private open: Promise<Transaction> | null = null;

  constructor(
    readonly transactionalId: string,
    private readonly producer: Producer,
  ) {}

  /**
   * Connects and begins a transaction now: initialising the transactional id bumps its epoch,
   * which fences an older producer with this id and aborts whatever transaction it left open.
   */
  async init(): Promise<void> {
    await this.producer.connect();
    await this.current();
  }

  async sendBatch(batches: readonly TopicRecords[]): Promise<SendResult[]> {
    return (await this.current()).sendBatch(batches);
  }

  /** Adds consumed offsets (with the member's group metadata, for fencing) and commits. */
  async commit(offsets: readonly TopicPartitionOffset[], group: () => ConsumerGroupMetadata): Promise<void> {
    if (this.open === null && offsets.length === 0) return;
    const txn = await this.current();
    await runEosCommitHook('beforeSendOffsets', this.transactionalId);
    if (offsets.length > 0) await txn.sendOffsets(offsets, group());
    await runEosCommitHook('afterSendOffsets', this.transactionalId);
    await txn.commit();
    this.open = null;
  }

  /** Aborts the open transaction, if any; errors (e.g. already fenced) are the caller's to ignore. */
  async abort(): Promise<void> {
    const open = this.open;
    this.open = null;
    if (open === null) return;
    const txn = await open;
    if (txn.isActive()) await txn.abort();
  }

  /** Aborts what is open (best effort) and disconnects. */
  async close(): Promise<void> {
    await this.abort().catch(() => undefined);
    await this.producer.disconnect().catch(() => undefined);
  }

  private current(): Promise<Transaction> {
    if (this.open === null) {
      const opening = this.producer.transaction();
      opening.catch(() => {
        if (this.open === opening) this.open = null;
      });
      this.open = opening;
    }
    return this.open;
  }
}
