import { BatchAttributes, CorruptRecordError, iterateBatches } from '@tributary/protocol';
import { GroupCoordinator } from '../coordinator/groups/group-coordinator.js';
import type { GroupCoordinatorOptions } from '../coordinator/groups/group-coordinator.js';
import { OFFSETS_TOPIC } from '../coordinator/groups/offsets-codec.js';
import { systemScheduler } from '../coordinator/scheduler.js';
import type { Scheduler } from '../coordinator/scheduler.js';
import { TransactionCoordinator } from '../coordinator/transactions/transaction-coordinator.js';
import type { TransactionCoordinatorOptions } from '../coordinator/transactions/transaction-coordinator.js';
import { TRANSACTION_STATE_TOPIC } from '../coordinator/transactions/txn-log-codec.js';
import { Log } from '../log.js';
import type { LogOptions } from '../log.js';
import type { Acks, AppendResult, ListOffsetResult, OffsetSpec } from '../partition/partition-types.js';
import { LogInternalTopics } from './internal-topics.js';
import { fetchPartition, waitForVisibleData } from './node-fetch.js';
import type { IsolationLevel, NodeFetchOptions, NodeFetchResult } from './node-fetch.js';
import { TransactionalBatchCheck } from './transactional-batch-check.js';

/** Group coordinator settings (Kafka's `group.*` / `offsets.*` broker configs). */
export type NodeGroupConfig = Omit<GroupCoordinatorOptions, 'log' | 'scheduler' | 'logger'>;
/** Transaction coordinator settings (Kafka's `transaction.*` broker configs). */
export type NodeTxnConfig = Omit<TransactionCoordinatorOptions, 'log' | 'markers' | 'groups' | 'scheduler' | 'logger' | 'partitionExists'>;

export interface LogNodeOptions extends LogOptions {
  /** Run on an already open log instead of opening one from `dir` / `inMemory`. */
  log?: Log;
  /** Close the log in `close()`. Default: true when the node opened it, false for a given `log`. */
  ownsLog?: boolean;
  /** `offsetsTopicPartitions` defaults to 4 here (Kafka: 50); an existing topic keeps its count. */
  groupConfig?: NodeGroupConfig;
  /** `transactionStateTopicPartitions` defaults to 4 here (Kafka: 50); an existing topic keeps its count. */
  txnConfig?: NodeTxnConfig;
  /** Coordinator timers and clock (tests pass a ManualScheduler). */
  scheduler?: Scheduler;
}

export interface ProduceOptions {
  /** Default 'durable' (Kafka acks=-1 on a single node with fsync). */
  acks?: Acks;
}

const DEFAULT_INTERNAL_PARTITIONS = 4;

/**
 * One single-node "cluster": the log plus its group and transaction coordinators, wired the one
 * way both the broker and the embedded client use. `produce` adds the transactional checks a
 * Produce request needs on top of the partition's idempotence check; `fetch` adds read_committed.
 */
export class LogNode {
  private readonly txnCheck: TransactionalBatchCheck;
  private closed = false;

  private constructor(
    readonly log: Log,
    readonly groups: GroupCoordinator,
    readonly transactions: TransactionCoordinator,
    private readonly ownsLog: boolean,
  ) {
    this.txnCheck = new TransactionalBatchCheck(transactions);
  }

  /** Opens (recovering) the log when not given, creates the internal topics, starts the coordinators. */
  static async open(options: LogNodeOptions): Promise<LogNode> {
    const log = options.log ?? (await Log.open(options));
    const ownsLog = options.ownsLog ?? options.log === undefined;
    try {
      const scheduler = options.scheduler ?? systemScheduler();
      const internal = new LogInternalTopics(log, () => scheduler.now());
      const offsetsTopicPartitions = await internal.ensure(
        OFFSETS_TOPIC,
        options.groupConfig?.offsetsTopicPartitions ?? DEFAULT_INTERNAL_PARTITIONS,
      );
      const transactionStateTopicPartitions = await internal.ensure(
        TRANSACTION_STATE_TOPIC,
        options.txnConfig?.transactionStateTopicPartitions ?? DEFAULT_INTERNAL_PARTITIONS,
      );
      const logger = options.logger;
      const groups = new GroupCoordinator({
        ...options.groupConfig,
        offsetsTopicPartitions,
        log: internal,
        scheduler,
        ...(logger === undefined ? {} : { logger }),
      });
      const transactions = new TransactionCoordinator({
        ...options.txnConfig,
        transactionStateTopicPartitions,
        log: internal,
        markers: internal,
        groups,
        scheduler,
        ...(logger === undefined ? {} : { logger }),
        partitionExists: (topic, partition) => partition >= 0 && partition < (log.partitionCount(topic) ?? 0),
      });
      // Groups first: finishing prepared transactions completes their pending group offsets.
      await groups.start();
      try {
        await transactions.start();
      } catch (err) {
        groups.close();
        throw err;
      }
      return new LogNode(log, groups, transactions, ownsLog);
    } catch (err) {
      if (ownsLog) await log.close().catch(() => {});
      throw err;
    }
  }

  /**
   * Appends a producer's RecordBatch bytes (Produce): control batches are refused, transactional
   * batches must belong to an ongoing transaction that added this partition, and idempotent
   * batches pass the partition's sequence/epoch check — a retried duplicate answers its original
   * offsets. All checks run synchronously with the offset assignment.
   */
  produce(topic: string, partition: number, batches: Buffer, opts: ProduceOptions = {}): Promise<AppendResult> {
    try {
      const p = this.log.partition(topic, partition);
      for (const { header } of iterateBatches(batches)) {
        if ((header.attributes & BatchAttributes.control) !== 0) throw new CorruptRecordError('producers may not write control batches');
        if ((header.attributes & BatchAttributes.transactional) !== 0) {
          this.txnCheck.check(topic, partition, header.producerId, header.producerEpoch);
        }
      }
      return p.append(batches, { acks: opts.acks ?? 'durable' });
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Fetch of one partition at an isolation level (see NodeFetchResult). */
  fetch(topic: string, partition: number, offset: number, opts?: NodeFetchOptions): Promise<NodeFetchResult> {
    try {
      return fetchPartition(this.log.partition(topic, partition), offset, opts);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Resolves true once data past `offset` is visible at `isolation`; false on timeout, abort or close. */
  waitForData(
    topic: string,
    partition: number,
    offset: number,
    timeoutMs: number,
    opts: { isolation?: IsolationLevel; signal?: AbortSignal } = {},
  ): Promise<boolean> {
    try {
      const p = this.log.partition(topic, partition);
      return waitForVisibleData(p, offset, timeoutMs, opts.isolation ?? 'read_uncommitted', opts.signal);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** ListOffsets; 'latest' under read_committed is the last stable offset. */
  async listOffset(topic: string, partition: number, spec: OffsetSpec, isolation: IsolationLevel = 'read_uncommitted'): Promise<ListOffsetResult> {
    const p = this.log.partition(topic, partition);
    if (spec === 'latest' && isolation === 'read_committed') return { offset: p.lastStableOffset, timestamp: -1 };
    return p.listOffset(spec);
  }

  /** The partition's offsets as a Fetch or ListOffsets reports them. */
  offsets(topic: string, partition: number): { logStartOffset: number; highWatermark: number; lastStableOffset: number } {
    const p = this.log.partition(topic, partition);
    return { logStartOffset: p.logStartOffset, highWatermark: p.highWatermark, lastStableOffset: p.lastStableOffset };
  }

  /** Stops the coordinators (held group calls fail with COORDINATOR_NOT_AVAILABLE) and closes an owned log. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.transactions.close();
    this.groups.close();
    if (this.ownsLog) await this.log.close();
  }
}
