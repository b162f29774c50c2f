import type { Partitioner } from '../partitioner/partitioner.js';
import type { ProducerRecord } from '../records/record.js';
import type { TopicPartitionOffset } from '../records/topic-partition.js';

export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

export interface ProducerOptions {
  /** Defaults to `defaultPartitioner()` (Java-compatible murmur2 for keyed records). */
  readonly partitioner?: Partitioner;
  /** Exactly-once per partition within a session (acks=all, producer id + sequences). Default true. */
  readonly idempotent?: boolean;
  /** Makes the producer transactional (implies idempotent). One per stream thread for EOS v2. */
  readonly transactionalId?: string;
  /** Defaults to 60000 (Kafka Streams EOS uses 10000). */
  readonly transactionTimeoutMs?: number;
  /** -1 (all, forced when idempotent), 0 or 1. */
  readonly acks?: -1 | 0 | 1;
  readonly compression?: Compression;
  /**
   * Largest (uncompressed) record batch a send builds per partition; bigger sends are split
   * into several batches (each with the next sequence range when idempotent). Default 1 MiB; the
   * embedded adapter also caps it at the topic's `max.message.bytes`. A record that cannot fit a
   * batch on its own fails with `RecordTooLargeError`. Kafka's `batch.size` is 16384, but it
   * bounds batches that linger; here a send is its own batch per partition, so a larger bound
   * keeps throughput. The kafka adapter sends a big send as consecutive requests of at most
   * this many (estimated) bytes.
   */
  readonly batchSizeBytes?: number;
  readonly requestTimeoutMs?: number;
}

export interface TopicRecords {
  readonly topic: string;
  readonly records: readonly ProducerRecord[];
}

/** Where one partition's share of a send landed. */
export interface SendResult {
  readonly topic: string;
  readonly partition: number;
  /** Offset of the first record written to this partition by the send (-1 if unknown, acks=0). */
  readonly baseOffset: number;
}

/**
 * Who consumed the offsets a transaction commits. Carrying the generation and member lets the
 * group coordinator fence zombie members (KIP-447, exactly-once v2).
 */
export interface ConsumerGroupMetadata {
  readonly groupId: string;
  /** -1 when unknown (not a member, or the adapter cannot see it). */
  readonly generationId: number;
  /** "" when unknown. */
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

/** The operations that may happen inside a transaction. */
export interface RecordSender {
  send(topic: string, records: readonly ProducerRecord[]): Promise<SendResult[]>;
  /** One request for records to several topics. */
  sendBatch(batches: readonly TopicRecords[]): Promise<SendResult[]>;
}

export interface Transaction extends RecordSender {
  /**
   * Adds consumed offsets (next offset to read) to the transaction: they become the group's
   * committed offsets if and only if the transaction commits.
   */
  sendOffsets(offsets: readonly TopicPartitionOffset[], group: ConsumerGroupMetadata): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
  /** True until commit or abort finished. */
  isActive(): boolean;
}

export interface Producer extends RecordSender {
  readonly transactional: boolean;
  connect(): Promise<void>;
  /** Flushes nothing (sends are awaited), releases connections; an open transaction is abandoned. */
  disconnect(): Promise<void>;
  /**
   * Begins a transaction (initialising the transactional id on first use, which fences older
   * producers with the same id). Only one may be open at a time.
   */
  transaction(): Promise<Transaction>;
}
