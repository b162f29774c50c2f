import type { Acks, LogNode } from '@tributary/log';
import { initCompression } from '@tributary/protocol';
import type { CompressionType } from '@tributary/protocol';
import { FencedProducerError, IllegalClientStateError, InvalidArgumentError } from '../errors/client-errors.js';
import { defaultPartitioner } from '../partitioner/partitioner.js';
import type { Partitioner } from '../partitioner/partitioner.js';
import type { Producer, ProducerOptions, SendResult, TopicRecords, Transaction } from '../producer/producer.js';
import type { ProducerRecord } from '../records/record.js';
import { DEFAULT_BATCH_SIZE_BYTES } from './batch-runs.js';
import { embeddedCall } from './embedded-errors.js';
import { EmbeddedTransaction } from './embedded-transaction.js';
import { splitByPartition } from './partition-batches.js';
import { sendPartitions } from './producer-session.js';
import type { ProducerSession } from './producer-session.js';

const RETRIABLE_INIT = new Set(['CONCURRENT_TRANSACTIONS', 'COORDINATOR_NOT_AVAILABLE', 'COORDINATOR_LOAD_IN_PROGRESS']);

/** What producers and consumers need from their cluster: the node, once connected. */
export interface NodeHandle {
  node(): Promise<LogNode>;
}

export class EmbeddedProducer implements Producer {
  readonly transactional: boolean;
  private readonly idempotent: boolean;
  private readonly acks: Acks;
  private readonly compression: CompressionType;
  private readonly partitioner: Partitioner;
  private readonly timeoutMs: number;
  private readonly batchSizeBytes: number;
  private node: LogNode | null = null;
  private session: ProducerSession | null = null;
  private fenced: Error | null = null;
  private open: EmbeddedTransaction | null = null;

  constructor(
    private readonly handle: NodeHandle,
    private readonly options: ProducerOptions,
    private readonly onDisconnect: (p: EmbeddedProducer) => void,
  ) {
    this.transactional = options.transactionalId !== undefined;
    this.idempotent = this.transactional || (options.idempotent ?? true);
    if (this.idempotent && options.acks !== undefined && options.acks !== -1) {
      throw new InvalidArgumentError('an idempotent or transactional producer needs acks=-1');
    }
    const acks = options.acks ?? -1;
    this.acks = acks === 0 ? 'none' : acks === 1 ? 'leader' : 'durable';
    this.compression = options.compression ?? 'none';
    this.partitioner = options.partitioner ?? defaultPartitioner();
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.batchSizeBytes = options.batchSizeBytes ?? DEFAULT_BATCH_SIZE_BYTES;
    if (!Number.isSafeInteger(this.batchSizeBytes) || this.batchSizeBytes <= 0) {
      throw new InvalidArgumentError(`batchSizeBytes must be a positive integer, got ${options.batchSizeBytes}`);
    }
  }

  async connect(): Promise<void> {
    const node = await this.handle.node();
    if (this.compression === 'zstd') await initCompression();
    if (this.idempotent && !this.transactional && this.session === null) {
      const { producerId, producerEpoch } = await embeddedCall('producer.connect', () =>
        node.transactions.initProducerId({ transactionalId: null, transactionTimeoutMs: 0 }),
      );
      this.session = { producerId, producerEpoch, sequences: new Map() };
    }
    this.node = node;
  }

  async disconnect(): Promise<void> {
    this.open = null;
    this.node = null;
    this.onDisconnect(this);
  }

  send(topic: string, records: readonly ProducerRecord[]): Promise<SendResult[]> {
    return this.sendBatch([{ topic, records }]);
  }

  async sendBatch(batches: readonly TopicRecords[]): Promise<SendResult[]> {
    const node = this.connected();
    if (this.transactional) throw new IllegalClientStateError('a transactional producer sends through a Transaction (producer.transaction())');
    const parts = splitByPartition(batches, (t) => node.log.partitionCount(t), this.partitioner, Date.now());
    return sendPartitions(node, parts, this.idempotent ? this.session : null, {
      acks: this.acks,
      compression: this.compression,
      transactional: false,
      batchSizeBytes: this.batchSizeBytes,
    });
  }

  async transaction(): Promise<Transaction> {
    const node = this.connected();
    if (!this.transactional) throw new IllegalClientStateError('transaction() needs a producer created with a transactionalId');
    if (this.fenced !== null) throw this.fenced;
    if (this.open?.isActive() === true) throw new IllegalClientStateError('a transaction is already open on this producer');
    const session = this.session ?? (this.session = await this.initTransactions(node));
    this.open = new EmbeddedTransaction(node, session, {
      transactionalId: this.options.transactionalId!,
      partitioner: this.partitioner,
      compression: this.compression,
      batchSizeBytes: this.batchSizeBytes,
      onFenced: (error) => (this.fenced = error),
      // After a failed send the sequences are unknown: the next transaction starts a new epoch.
      onEnd: (failed) => {
        if (failed && this.session === session) this.session = null;
      },
    });
    return this.open;
  }

  private connected(): LogNode {
    if (this.node === null) throw new IllegalClientStateError('producer is not connected');
    return this.node;
  }

  /** InitProducerId for the transactional id, retried while an older instance's transaction is being aborted. */
  private async initTransactions(node: LogNode): Promise<ProducerSession> {
    const deadline = Date.now() + this.timeoutMs;
    for (let backoff = 10; ; backoff = Math.min(backoff * 2, 200)) {
      try {
        const { producerId, producerEpoch } = await embeddedCall('producer.transaction', () =>
          node.transactions.initProducerId({
            transactionalId: this.options.transactionalId!,
            transactionTimeoutMs: this.options.transactionTimeoutMs ?? 60_000,
          }),
        );
        return { producerId, producerEpoch, sequences: new Map() };
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        if (error instanceof FencedProducerError) this.fenced = error;
        if (!RETRIABLE_INIT.has(code) || Date.now() + backoff > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, backoff));
      }
    }
  }
}
