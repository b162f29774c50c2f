import {
  ConcurrentTransactionsError,
  CoordinatorError,
  CoordinatorNotAvailableError,
  InvalidProducerEpochError,
  InvalidProducerIdMappingError,
  InvalidRequestError,
  InvalidTransactionTimeoutError,
  InvalidTxnStateError,
  ProducerFencedError,
} from '../errors.js';
import type { KafkaErrorName } from '../errors.js';
import type {
  AddPartitionsResult,
  AddPartitionsToTxnRequest,
  EndTxnRequest,
  InitProducerIdRequest,
  TransactionDescription,
  TxnOffsetsPort,
  TxnProducerRef,
} from './types.js';
import { coordinatorPartitionFor } from '../internal-log.js';
import type { InternalLog, PartitionMarkerWriter } from '../internal-log.js';
import { silentLogger } from '../../logger.js';
import type { LogLogger } from '../../logger.js';
import { systemScheduler } from '../scheduler.js';
import type { Scheduler, TimerHandle } from '../scheduler.js';
import { ProducerIdManager } from './producer-id-manager.js';
import { cloneMetadata, isEpochExhausted, isPrepare } from './transaction-metadata.js';
import type { TransactionMetadata, TxnState } from './transaction-metadata.js';
import {
  TRANSACTION_STATE_TOPIC,
  decodeProducerIdBlock,
  decodeTxnLogKey,
  decodeTxnValue,
  encodeTxnLogKey,
  encodeTxnValue,
} from './txn-log-codec.js';

export interface TransactionCoordinatorOptions {
  log: InternalLog;
  markers: PartitionMarkerWriter;
  groups: TxnOffsetsPort;
  scheduler?: Scheduler;
  logger?: LogLogger;
  /** Answers AddPartitionsToTxn's UNKNOWN_TOPIC_OR_PARTITION; every partition exists when absent. */
  partitionExists?: (topic: string, partition: number) => boolean;
  /** `transaction.max.timeout.ms` (900000). */
  transactionMaxTimeoutMs?: number;
  /** `transaction.abort.timed.out.transaction.cleanup.interval.ms` (10000). */
  abortTimedOutTransactionsIntervalMs?: number;
  /** `transaction.state.log.num.partitions` (Kafka default 50). */
  transactionStateTopicPartitions?: number;
  /** Written into markers; a single node keeps it constant. */
  coordinatorEpoch?: number;
  producerIdBlockSize?: number;
}

const MAX_TIMEOUT = 900_000;

/**
 * Transaction coordinator, protocol V1 (no KIP-890): InitProducerId, AddPartitionsToTxn,
 * AddOffsetsToTxn, EndTxn, timeouts. Markers are written before EndTxn answers. State lives in
 * `__transaction_state`; `start()` replays it, finishes transactions caught in Prepare*, and leaves
 * Ongoing ones to their timeout (which persists across restarts via the stored start time).
 */
export class TransactionCoordinator {
  private readonly txns = new Map<string, TransactionMetadata>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly producerIds: ProducerIdManager;
  private readonly scheduler: Scheduler;
  private readonly logger: LogLogger;
  private readonly partitions: number;
  private readonly maxTimeoutMs: number;
  private readonly checkIntervalMs: number;
  private readonly coordinatorEpoch: number;
  private timer: TimerHandle | undefined;

  constructor(private readonly options: TransactionCoordinatorOptions) {
    this.scheduler = options.scheduler ?? systemScheduler();
    this.logger = options.logger ?? silentLogger;
    this.partitions = options.transactionStateTopicPartitions ?? 50;
    this.maxTimeoutMs = options.transactionMaxTimeoutMs ?? MAX_TIMEOUT;
    this.checkIntervalMs = options.abortTimedOutTransactionsIntervalMs ?? 10_000;
    this.coordinatorEpoch = options.coordinatorEpoch ?? 0;
    this.producerIds = new ProducerIdManager(options.log, options.producerIdBlockSize);
  }

  partitionFor(transactionalId: string): number {
    return coordinatorPartitionFor(transactionalId, this.partitions);
  }

  async start(): Promise<void> {
    for (let p = 0; p < this.partitions; p++) {
      await this.options.log.replay(TRANSACTION_STATE_TOPIC, p, (record) => {
        if (record.key === null) return;
        const key = decodeTxnLogKey(record.key);
        if (key === undefined) return;
        if (key.type === 'producerIds') {
          if (record.value !== null) this.producerIds.onReplayedBlock(decodeProducerIdBlock(record.value));
        } else if (record.value === null) {
          this.txns.delete(key.transactionalId);
        } else {
          this.txns.set(key.transactionalId, decodeTxnValue(key.transactionalId, record.value));
        }
      });
    }
    await this.finishPrepared();
    this.scheduleCheck();
  }

  close(): void {
    if (this.timer !== undefined) this.scheduler.cancel(this.timer);
    this.timer = undefined;
  }

  async initProducerId(req: InitProducerIdRequest): Promise<{ producerId: number; producerEpoch: number }> {
    if (req.transactionalId === null) {
      // Idempotent producer: always a fresh id.
      return { producerId: await this.producerIds.allocate(), producerEpoch: 0 };
    }
    const txnId = req.transactionalId;
    if (txnId.length === 0) throw new InvalidRequestError('transactional id must not be empty');
    if (req.transactionTimeoutMs <= 0 || req.transactionTimeoutMs > this.maxTimeoutMs) {
      throw new InvalidTransactionTimeoutError(
        `transaction timeout ${req.transactionTimeoutMs} ms is outside (0, ${this.maxTimeoutMs}]`,
      );
    }
    return this.withLock(txnId, async () => {
      const now = this.scheduler.now();
      const current = this.txns.get(txnId);
      if (current === undefined) {
        const fresh: TransactionMetadata = {
          transactionalId: txnId,
          producerId: await this.producerIds.allocate(),
          lastProducerId: -1,
          producerEpoch: 0,
          lastProducerEpoch: -1,
          timeoutMs: req.transactionTimeoutMs,
          state: 'Empty',
          partitions: new Map(),
          groups: new Set(),
          txnStartTimestamp: -1,
          lastUpdateTimestamp: now,
        };
        await this.persist(fresh);
        return { producerId: fresh.producerId, producerEpoch: 0 };
      }
      const expectedPid = req.producerId ?? -1;
      const expectedEpoch = req.producerEpoch ?? -1;
      const expected = expectedPid >= 0 ? { producerId: expectedPid, epoch: expectedEpoch } : undefined;
      const fenced = (): CoordinatorError =>
        this.fencedError(req.producerFencedSupported, `producer ${expectedPid}/${expectedEpoch} of ${txnId} is fenced`);
      if (
        expected !== undefined &&
        !(current.producerId === expected.producerId ||
          (current.lastProducerId === expected.producerId && isEpochExhausted(expected.epoch)))
      ) {
        throw fenced();
      }
      switch (current.state) {
        case 'PrepareCommit':
        case 'PrepareAbort':
        case 'PrepareEpochFence':
          throw new ConcurrentTransactionsError(`transaction ${txnId} is completing, retry`);
        case 'Ongoing':
          // A new producer instance fences the old one: abort its transaction with a bumped epoch.
          await this.fenceAndAbort(current);
          throw new ConcurrentTransactionsError(`aborted the ongoing transaction of ${txnId}, retry`);
        case 'Dead':
          throw new ConcurrentTransactionsError(`transaction ${txnId} is being removed, retry`);
        default:
          break;
      }
      const next = cloneMetadata(current);
      next.timeoutMs = req.transactionTimeoutMs;
      next.lastUpdateTimestamp = now;
      next.state = 'Empty';
      if (isEpochExhausted(current.producerEpoch) && (expected === undefined || expected.epoch === current.producerEpoch)) {
        next.lastProducerId = current.producerId;
        next.producerId = await this.producerIds.allocate();
        next.producerEpoch = 0;
        next.lastProducerEpoch = -1;
      } else if (expected === undefined) {
        next.producerEpoch = current.producerEpoch + 1;
        next.lastProducerEpoch = -1;
      } else if (expected.epoch === current.producerEpoch) {
        next.producerEpoch = current.producerEpoch + 1;
        next.lastProducerEpoch = current.producerEpoch;
      } else if (expected.epoch === current.lastProducerEpoch) {
        // Retry of an InitProducerId whose answer was lost.
        return { producerId: current.producerId, producerEpoch: current.producerEpoch };
      } else {
        throw fenced();
      }
      await this.persist(next);
      return { producerId: next.producerId, producerEpoch: next.producerEpoch };
    });
  }

  /**
   * Adds partitions to the transaction (starting it and its timeout clock). Whole-request failures
   * throw; per-partition results report UNKNOWN_TOPIC_OR_PARTITION (others OPERATION_NOT_ATTEMPTED).
   */
  addPartitionsToTxn(req: AddPartitionsToTxnRequest): Promise<AddPartitionsResult[]> {
    return this.withLock(req.transactionalId, async () => {
      const current = this.validateProducer(req);
      const exists = this.options.partitionExists;
      const unknown = exists !== undefined && req.topics.some((t) => t.partitions.some((p) => !exists(t.name, p)));
      const results = req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((partitionIndex) => ({
          partitionIndex,
          error: (unknown ? (exists!(t.name, partitionIndex) ? 'OPERATION_NOT_ATTEMPTED' : 'UNKNOWN_TOPIC_OR_PARTITION') : 'NONE') as KafkaErrorName,
        })),
      }));
      if (unknown) return results;
      const added = req.topics.some((t) => t.partitions.some((p) => current.partitions.get(t.name)?.has(p) !== true));
      if (current.state === 'Ongoing' && !added) return results;
      const next = this.beginOrContinue(current);
      for (const t of req.topics) {
        let parts = next.partitions.get(t.name);
        if (parts === undefined) next.partitions.set(t.name, (parts = new Set()));
        for (const p of t.partitions) parts.add(p);
      }
      await this.persist(next);
      return results;
    });
  }

  /** Records that the transaction carries offsets of `groupId` (committed via TxnOffsetCommit). */
  addOffsetsToTxn(req: TxnProducerRef & { groupId: string }): Promise<void> {
    return this.withLock(req.transactionalId, async () => {
      const current = this.validateProducer(req);
      if (current.state === 'Ongoing' && current.groups.has(req.groupId)) return;
      const next = this.beginOrContinue(current);
      next.groups.add(req.groupId);
      await this.persist(next);
    });
  }

  endTxn(req: EndTxnRequest): Promise<void> {
    return this.withLock(req.transactionalId, async () => {
      const current = this.validateProducer(req, true);
      const wanted: TxnState = req.committed ? 'CompleteCommit' : 'CompleteAbort';
      const preparing: TxnState = req.committed ? 'PrepareCommit' : 'PrepareAbort';
      switch (current.state) {
        case 'Ongoing':
          await this.complete(current, req.committed, current.producerEpoch);
          return;
        case 'CompleteCommit':
        case 'CompleteAbort':
          if (current.state === wanted) return; // a retry of an EndTxn that already succeeded
          break;
        case 'PrepareCommit':
        case 'PrepareAbort':
          if (current.state === preparing) throw new ConcurrentTransactionsError(`transaction ${req.transactionalId} is completing`);
          break;
        case 'PrepareEpochFence':
          throw new ConcurrentTransactionsError(`transaction ${req.transactionalId} is being fenced`);
        default:
          break;
      }
      throw new InvalidTxnStateError(
        `EndTxn(${req.committed ? 'commit' : 'abort'}) in state ${current.state} of ${req.transactionalId}`,
      );
    });
  }

  /** Aborts (with an epoch bump) every Ongoing transaction past its timeout; retries unfinished Prepare*. */
  async abortTimedOutTransactions(): Promise<void> {
    const now = this.scheduler.now();
    for (const m of [...this.txns.values()]) {
      if (m.state === 'Ongoing' && m.txnStartTimestamp + m.timeoutMs <= now) {
        await this.withLock(m.transactionalId, async () => {
          const current = this.txns.get(m.transactionalId);
          if (current?.state === 'Ongoing' && current.txnStartTimestamp + current.timeoutMs <= this.scheduler.now()) {
            await this.fenceAndAbort(current);
          }
        });
      }
    }
    await this.finishPrepared();
  }

  describe(transactionalId: string): TransactionDescription | undefined {
    const m = this.txns.get(transactionalId);
    if (m === undefined) return undefined;
    return {
      transactionalId,
      producerId: m.producerId,
      producerEpoch: m.producerEpoch,
      state: m.state,
      timeoutMs: m.timeoutMs,
      txnStartTimestamp: m.txnStartTimestamp,
      partitions: [...m.partitions].flatMap(([topic, ps]) => [...ps].map((partition) => ({ topic, partition }))),
      groups: [...m.groups],
    };
  }

  listTransactions(): TransactionDescription[] {
    return [...this.txns.keys()].map((id) => this.describe(id)!);
  }

  private validateProducer(req: TxnProducerRef, forEnd = false): TransactionMetadata {
    const current = this.txns.get(req.transactionalId);
    if (current === undefined || current.producerId !== req.producerId) {
      throw new InvalidProducerIdMappingError(`producer id ${req.producerId} does not own ${req.transactionalId}`);
    }
    if (current.producerEpoch !== req.producerEpoch) {
      throw this.fencedError(
        req.producerFencedSupported,
        `epoch ${req.producerEpoch} of ${req.transactionalId} is stale (current ${current.producerEpoch})`,
      );
    }
    if (!forEnd && (isPrepare(current.state) || current.state === 'Dead')) {
      throw new ConcurrentTransactionsError(`transaction ${req.transactionalId} is completing, retry`);
    }
    return current;
  }

  private fencedError(supported: boolean | undefined, message: string): CoordinatorError {
    return supported === false ? new InvalidProducerEpochError(message) : new ProducerFencedError(message);
  }

  /** Copy to modify: the transaction moves to Ongoing, starting its clock when it was not running. */
  private beginOrContinue(current: TransactionMetadata): TransactionMetadata {
    const next = cloneMetadata(current);
    const now = this.scheduler.now();
    if (current.state !== 'Ongoing') {
      next.state = 'Ongoing';
      next.txnStartTimestamp = now;
      next.partitions.clear();
      next.groups.clear();
    }
    next.lastUpdateTimestamp = now;
    return next;
  }

  private async fenceAndAbort(current: TransactionMetadata): Promise<void> {
    const epoch = isEpochExhausted(current.producerEpoch) ? current.producerEpoch : current.producerEpoch + 1;
    await this.complete(current, false, epoch);
  }

  /** Prepare* → markers on every partition → group offsets → Complete*. */
  private async complete(current: TransactionMetadata, commit: boolean, epoch: number): Promise<void> {
    const prepared = cloneMetadata(current);
    prepared.state = commit ? 'PrepareCommit' : 'PrepareAbort';
    prepared.producerEpoch = epoch;
    if (epoch !== current.producerEpoch) prepared.lastProducerEpoch = -1;
    prepared.lastUpdateTimestamp = this.scheduler.now();
    await this.persist(prepared);
    await this.writeMarkersAndComplete(prepared);
  }

  private async writeMarkersAndComplete(prepared: TransactionMetadata): Promise<void> {
    const commit = prepared.state === 'PrepareCommit';
    const kind = commit ? 'commit' : 'abort';
    const writes: Promise<number>[] = [];
    for (const [topic, parts] of prepared.partitions) {
      for (const p of parts) {
        writes.push(
          this.options.markers.writeControlMarker(topic, p, kind, prepared.producerId, prepared.producerEpoch, this.coordinatorEpoch),
        );
      }
    }
    try {
      await Promise.all(writes);
      for (const g of prepared.groups) await this.options.groups.completeTransaction(g, prepared.producerId, commit);
    } catch (error) {
      // Stays in Prepare*: the periodic check writes the markers again.
      throw new CoordinatorNotAvailableError(`writing ${kind} markers of ${prepared.transactionalId} failed: ${String(error)}`);
    }
    const done = cloneMetadata(prepared);
    done.state = commit ? 'CompleteCommit' : 'CompleteAbort';
    done.partitions.clear();
    done.groups.clear();
    done.lastUpdateTimestamp = this.scheduler.now();
    await this.persist(done);
  }

  private async finishPrepared(): Promise<void> {
    for (const m of [...this.txns.values()]) {
      if (m.state !== 'PrepareCommit' && m.state !== 'PrepareAbort') continue;
      await this.withLock(m.transactionalId, async () => {
        const current = this.txns.get(m.transactionalId);
        if (current?.state !== 'PrepareCommit' && current?.state !== 'PrepareAbort') return;
        try {
          await this.writeMarkersAndComplete(current);
        } catch (error) {
          this.logger.warn({ error, transactionalId: m.transactionalId }, 'completing a prepared transaction failed');
        }
      });
    }
  }

  private async persist(next: TransactionMetadata): Promise<void> {
    await this.options.log.append(TRANSACTION_STATE_TOPIC, this.partitionFor(next.transactionalId), [
      { key: encodeTxnLogKey({ type: 'txn', transactionalId: next.transactionalId }), value: encodeTxnValue(next) },
    ]);
    this.txns.set(next.transactionalId, next);
  }

  private scheduleCheck(): void {
    this.timer = this.scheduler.schedule(this.checkIntervalMs, () => {
      this.abortTimedOutTransactions().catch((error: unknown) =>
        this.logger.warn({ error }, 'aborting timed-out transactions failed'),
      );
      this.scheduleCheck();
    });
  }

  /** Serializes operations on one transactional id across their awaits. */
  private withLock<T>(transactionalId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(transactionalId) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(transactionalId, tail);
    void tail.then(() => {
      if (this.locks.get(transactionalId) === tail) this.locks.delete(transactionalId);
    });
    return result;
  }
}
