import type { CommittedOffset, IsolationLevel } from '../admin/admin.js';
import type { ConsumerGroupMetadata } from '../producer/producer.js';
import type { ConsumedRecord } from '../records/record.js';
import type { TopicPartition, TopicPartitionOffset } from '../records/topic-partition.js';
import type { Assignor } from './assignor.js';

/**
 * Called from inside `poll()` (never concurrently with it), like Java's rebalance listener, so a
 * stream thread can commit and close tasks in `onPartitionsRevoked` and create them in
 * `onPartitionsAssigned` without locking. Eager protocol: on every rebalance all owned
 * partitions are revoked, then the new assignment is assigned.
 */
export interface RebalanceListener {
  onPartitionsRevoked?(partitions: readonly TopicPartition[]): void | Promise<void>;
  onPartitionsAssigned?(partitions: readonly TopicPartition[]): void | Promise<void>;
}

export interface ConsumerOptions {
  readonly groupId: string;
  /** Defaults to the cluster's clientId. Member ids start with it; DescribeGroups reports it. */
  readonly clientId?: string;
  /**
   * Static membership (Java's `group.instance.id`, KIP-345): a stable identity for this member.
   * It does not leave the group on disconnect; restarted with the same id within
   * `sessionTimeoutMs`, it takes its old place and partitions back without a rebalance of the
   * other members. Two live consumers with one id fence each other (the older one fails with
   * CommitFailedError/FENCED_INSTANCE_ID). Needs `capabilities.staticMembership`.
   */
  readonly groupInstanceId?: string;
  /** Default 'read_uncommitted' (Java's default; kafkajs's own default differs). */
  readonly isolationLevel?: IsolationLevel;
  /** Where to start partitions without a committed offset. Default 'latest'. */
  readonly autoOffsetReset?: 'earliest' | 'latest';
  /** In preference order; default `[roundRobinAssignor()]`. */
  readonly assignors?: readonly Assignor[];
  readonly rebalanceListener?: RebalanceListener;
  readonly sessionTimeoutMs?: number;
  readonly rebalanceTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  /** Longest a fetch waits on the broker for data. */
  readonly maxWaitMs?: number;
  readonly maxBytesPerPartition?: number;
  /** Fetched batches buffered ahead of `poll()` before fetching pauses (backpressure). Default 32. */
  readonly maxBufferedBatches?: number;
}

/**
 * Records of one partition returned by one poll, in offset order. `records` may be empty: when a
 * fetch moved the position without anything to deliver — only transaction markers (control
 * batches), or, under read_committed, only records of aborted transactions — poll still returns
 * the partition with `records: []` and the new `nextOffset`, so the caller sees it reach e.g. the
 * end offset (what Java's `consumer.position()` shows after such a poll).
 */
export interface FetchedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly ConsumedRecord[];
  /** Position after this batch: commit this to resume after it (covers control records, aborted transactions and gaps). */
  readonly nextOffset: number;
  /** The partition's high watermark when fetched (for lag). */
  readonly highWatermark: number;
}

/**
 * A group member a stream thread drives by pulling: subscribe, then `poll()` in a loop. Rebalance
 * callbacks run inside `poll()`; data of paused partitions stays buffered until resumed.
 */
export interface Consumer {
  connect(): Promise<void>;
  /**
   * Leaves the group and releases connections; a pending `poll()` resolves empty, a later one
   * throws IllegalClientStateError (so a `while (running) await poll()` loop cannot spin).
   */
  disconnect(): Promise<void>;
  /** Topic names and/or patterns; call before the first `poll()`. Calls accumulate. */
  subscribe(topics: readonly (string | RegExp)[]): Promise<void>;
  /**
   * Joins the group on first use, runs due rebalance callbacks, then returns buffered batches of
   * assigned, unpaused partitions — waiting up to `timeoutMs` for some. Empty on timeout. A batch
   * without records reports a position that moved past markers or aborted records (FetchedBatch).
   */
  poll(timeoutMs: number): Promise<FetchedBatch[]>;
  /**
   * Java's `position()`: the offset of the next record `poll()` would return for this assigned
   * partition — the last `seek`, else the `nextOffset` of the last batch poll returned for it
   * (empty ones included, so it moves past transaction markers and aborted transactions). Null
   * when the partition is not assigned or its position is not known yet (the kafka adapter learns
   * the committed starting position only from the first batch; the embedded one at assignment).
   */
  position(partition: TopicPartition): number | null;
  /** Current assignment (as of the last rebalance callback delivered by poll). */
  assignment(): TopicPartition[];
  pause(partitions: readonly TopicPartition[]): void;
  resume(partitions: readonly TopicPartition[]): void;
  paused(): TopicPartition[];
  /** Next poll returns this partition's records from `offset` (buffered data is discarded). */
  seek(partition: TopicPartition, offset: number): void;
  /** The group's committed offsets for the given partitions. */
  committed(partitions: readonly TopicPartition[]): Promise<CommittedOffset[]>;
  /** Commits offsets (the next offset to read) with optional metadata, as this group member. */
  commit(offsets: readonly TopicPartitionOffset[]): Promise<void>;
  /** Who this member is, for `Transaction.sendOffsets`. */
  groupMetadata(): ConsumerGroupMetadata;
}
