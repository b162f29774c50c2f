/**
 * What the handlers need from storage and coordination, in the handlers' own terms. The real
 * implementation adapts @tributary/log (log-backend.ts); keeping the port narrow lets each
 * handler be tested against the in-memory log and keeps Kafka wire concerns out of the log.
 * Every method reports failures by throwing TributaryErrors (mapped by errors/error-codes.ts).
 */
export interface TopicInfo {
  name: string;
  /** Stable UUID (Metadata v10+, DescribeTopicPartitions); a new topic of the same name gets a new one. */
  topicId: string;
  partitions: number;
  internal: boolean;
  /** Topic-level overrides only. */
  configs: Readonly<Record<string, string>>;
}

export interface PartitionOffsets {
  logStartOffset: number;
  highWatermark: number;
  lastStableOffset: number;
}

export interface AppendOutcome {
  baseOffset: number;
  /** -1 unless the topic uses LogAppendTime. */
  logAppendTimeMs: number;
  logStartOffset: number;
}

export interface AbortedTxn {
  producerId: number;
  firstOffset: number;
}

export interface ReadOutcome extends PartitionOffsets {
  /** Whole stored batches starting with the one containing the offset; empty when none. */
  records: Buffer | readonly Buffer[];
  recordBytes: number;
  /** Only for read_committed; null otherwise. */
  abortedTransactions: AbortedTxn[] | null;
}

/** One producer with state on a partition (DescribeProducers, API 61). */
export interface ActiveProducerInfo {
  producerId: number;
  producerEpoch: number;
  lastSequence: number;
  lastTimestamp: number;
  coordinatorEpoch: number;
  currentTxnStartOffset: number;
}

export type IsolationLevel = 'read_uncommitted' | 'read_committed';

export interface TopicBackend {
  listTopics(): Promise<TopicInfo[]>;
  describeTopic(name: string): Promise<TopicInfo | undefined>;
  createTopic(name: string, partitions: number, configs: Readonly<Record<string, string>>, validateOnly: boolean): Promise<void>;
  deleteTopic(name: string): Promise<void>;
  createPartitions(name: string, count: number, validateOnly: boolean): Promise<void>;
  /** `null` value = remove the override (back to the default). */
  alterTopicConfig(name: string, changes: Readonly<Record<string, string | null>>, replace: boolean, validateOnly: boolean): Promise<void>;
  /** Effective topic configs with their defaults (name → {value, isDefault}). */
  topicConfigs(name: string): Promise<Array<{ name: string; value: string | null; isDefault: boolean }>>;
}

export interface PartitionBackend {
  /** Validates and appends one producer batch (idempotence/transactions checked by the log). */
  append(topic: string, partition: number, batch: Buffer, acks: number): Promise<AppendOutcome>;
  read(topic: string, partition: number, offset: number, maxBytes: number, isolation: IsolationLevel): Promise<ReadOutcome>;
  /** Resolves when data past `offset` is visible at `isolation`, the timeout passes or the signal aborts. */
  waitForData(
    topic: string,
    partition: number,
    offset: number,
    timeoutMs: number,
    signal: AbortSignal,
    isolation: IsolationLevel,
  ): Promise<void>;
  offsets(topic: string, partition: number): Promise<PartitionOffsets>;
  /** First offset whose timestamp ≥ ts; -1 latest, -2 earliest; null when none. */
  offsetForTimestamp(topic: string, partition: number, timestamp: number, isolation: IsolationLevel): Promise<{ offset: number; timestamp: number } | null>;
  deleteRecords(topic: string, partition: number, beforeOffset: number): Promise<number>;
  /** Producers with idempotence/transaction state here; DescribeProducers is served only when present. */
  describeProducers?(topic: string, partition: number): Promise<ActiveProducerInfo[]>;
}
