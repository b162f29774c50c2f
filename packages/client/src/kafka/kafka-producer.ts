import kafkajs from 'kafkajs';
import type { CompressionTypes as CompressionTypesEnum, Kafka, Message, Producer as KafkajsProducer, RecordMetadata, Transaction as KafkajsTransaction } from 'kafkajs';
import { IllegalClientStateError, InvalidArgumentError, UnsupportedFeatureError } from '../errors/client-errors.js';
import { defaultPartitioner } from '../partitioner/partitioner.js';
import type {
  Compression,
  ConsumerGroupMetadata,
  Producer,
  ProducerOptions,
  SendResult,
  TopicRecords,
  Transaction,
} from '../producer/producer.js';
import type { ProducerRecord } from '../records/record.js';
import type { TopicPartitionOffset } from '../records/topic-partition.js';
import { mapped } from './error-mapping.js';
import { headersToKafkajs } from './headers.js';
import { int64ToNumber, numberToInt64 } from './numbers.js';
import { toKafkajsPartitioner } from './partitioner-bridge.js';
import { chunkSend } from './send-chunks.js';

const { CompressionTypes, CompressionCodecs } = kafkajs;

/** Default `batchSizeBytes` (as the embedded adapter's), less a batch header so a chunk fits Kafka's default max.message.bytes. */
const DEFAULT_BATCH_SIZE_BYTES = 1024 * 1024;
const BATCH_HEADER_BYTES = 61;

interface SendSettings {
  readonly acks: -1 | 0 | 1;
  readonly compression: CompressionTypesEnum;
  readonly timeout: number | undefined;
  /** Bound of one chunk's estimated record bytes. */
  readonly chunkBytes: number;
}

type Sender = Pick<KafkajsProducer, 'send' | 'sendBatch'>;

export class KafkaProducer implements Producer {
  readonly transactional: boolean;
  private readonly producer: KafkajsProducer;
  private readonly settings: SendSettings;
  private open: KafkaTransaction | null = null;

  constructor(kafka: Kafka, options: ProducerOptions, private readonly onDisconnect: (p: KafkaProducer) => void) {
    this.transactional = options.transactionalId !== undefined;
    const idempotent = this.transactional || (options.idempotent ?? true);
    if (idempotent && options.acks !== undefined && options.acks !== -1) {
      throw new InvalidArgumentError('an idempotent or transactional producer needs acks=-1');
    }
    const batchSizeBytes = options.batchSizeBytes ?? DEFAULT_BATCH_SIZE_BYTES;
    if (!Number.isSafeInteger(batchSizeBytes) || batchSizeBytes <= 0) {
      throw new InvalidArgumentError(`batchSizeBytes must be a positive integer, got ${options.batchSizeBytes}`);
    }
    this.settings = {
      acks: options.acks ?? -1,
      compression: compressionType(options.compression ?? 'none'),
      timeout: options.requestTimeoutMs,
      chunkBytes: Math.max(1, batchSizeBytes - BATCH_HEADER_BYTES),
    };
    this.producer = kafka.producer({
      createPartitioner: toKafkajsPartitioner(options.partitioner ?? defaultPartitioner()),
      allowAutoTopicCreation: false,
      idempotent,
      ...(idempotent ? { maxInFlightRequests: 1 } : {}),
      ...(options.transactionalId === undefined ? {} : { transactionalId: options.transactionalId }),
      transactionTimeout: options.transactionTimeoutMs ?? 60_000,
    });
  }

  connect(): Promise<void> {
    return mapped('producer.connect', () => this.producer.connect());
  }

  async disconnect(): Promise<void> {
    this.open = null;
    this.onDisconnect(this);
    await mapped('producer.disconnect', () => this.producer.disconnect());
  }

  send(topic: string, records: readonly ProducerRecord[]): Promise<SendResult[]> {
    this.assertNoOpenTransaction();
    return sendTo(this.producer, [{ topic, records }], this.settings);
  }

  sendBatch(batches: readonly TopicRecords[]): Promise<SendResult[]> {
    this.assertNoOpenTransaction();
    return sendTo(this.producer, batches, this.settings);
  }

  async transaction(): Promise<Transaction> {
    if (!this.transactional) throw new IllegalClientStateError('transaction() needs a producer created with a transactionalId');
    if (this.open?.isActive() === true) throw new IllegalClientStateError('a transaction is already open on this producer');
    const txn = await mapped('producer.transaction', () => this.producer.transaction());
    this.open = new KafkaTransaction(txn, { ...this.settings, acks: -1 });
    return this.open;
  }

  private assertNoOpenTransaction(): void {
    // kafkajs would silently put these records into the open transaction.
    if (this.open?.isActive() === true) {
      throw new IllegalClientStateError('a transaction is open: send through the Transaction object');
    }
  }
}

class KafkaTransaction implements Transaction {
  constructor(
    private readonly txn: KafkajsTransaction,
    private readonly settings: SendSettings,
  ) {}

  send(topic: string, records: readonly ProducerRecord[]): Promise<SendResult[]> {
    return sendTo(this.txn, [{ topic, records }], this.settings);
  }

  sendBatch(batches: readonly TopicRecords[]): Promise<SendResult[]> {
    return sendTo(this.txn, batches, this.settings);
  }

  /**
   * kafkajs 2.2.4 sends TxnOffsetCommit v1, which has no generation/member fields, so the group
   * metadata cannot reach the coordinator: only `groupId` is used and zombie members are not
   * fenced by generation (see the package README / report). The broker accepts v1 as "no member".
   */
  async sendOffsets(offsets: readonly TopicPartitionOffset[], group: ConsumerGroupMetadata): Promise<void> {
    if (offsets.length === 0) return;
    const byTopic = new Map<string, { partition: number; offset: string; metadata?: string | null }[]>();
    for (const o of offsets) {
      const list = byTopic.get(o.topic) ?? [];
      list.push({ partition: o.partition, offset: numberToInt64(o.offset, 'offset'), metadata: o.metadata ?? null });
      byTopic.set(o.topic, list);
    }
    await mapped('transaction.sendOffsets', () =>
      this.txn.sendOffsets({
        consumerGroupId: group.groupId,
        topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
      }),
    );
  }

  commit(): Promise<void> {
    return mapped('transaction.commit', () => this.txn.commit());
  }

  abort(): Promise<void> {
    return mapped('transaction.abort', () => this.txn.abort());
  }

  isActive(): boolean {
    return this.txn.isActive();
  }
}

/**
 * kafkajs puts all of a send's records for a partition into one batch, so a big send goes as
 * consecutive chunks (see chunkSend); each partition reports the base offset of its first chunk.
 */
async function sendTo(sender: Sender, batches: readonly TopicRecords[], settings: SendSettings): Promise<SendResult[]> {
  const { acks, compression, timeout } = settings;
  const results = new Map<string, SendResult>();
  for (const chunk of chunkSend(batches, settings.chunkBytes)) {
    const topicMessages = chunk.filter((b) => b.records.length > 0).map((b) => ({ topic: b.topic, messages: b.records.map(toMessage) }));
    if (topicMessages.length === 0) continue;
    const metadata = await mapped('send', () =>
      sender.sendBatch({ topicMessages, acks, compression, ...(timeout === undefined ? {} : { timeout }) }),
    );
    for (const m of metadata) {
      const key = `${m.topicName}\u0000${m.partition}`;
      if (!results.has(key)) results.set(key, toSendResult(m));
    }
  }
  return [...results.values()];
}

function toMessage(record: ProducerRecord): Message {
  const headers = headersToKafkajs(record.headers);
  return {
    key: record.key,
    value: record.value,
    ...(record.partition === undefined ? {} : { partition: record.partition }),
    ...(record.timestamp === undefined ? {} : { timestamp: numberToInt64(record.timestamp, 'timestamp') }),
    ...(headers === undefined ? {} : { headers }),
  };
}

function toSendResult(m: RecordMetadata): SendResult {
  const base = m.baseOffset ?? m.offset;
  return { topic: m.topicName, partition: m.partition, baseOffset: base === undefined ? -1 : int64ToNumber(base, 'baseOffset') };
}

function compressionType(compression: Compression): CompressionTypesEnum {
  const type = {
    none: CompressionTypes.None,
    gzip: CompressionTypes.GZIP,
    snappy: CompressionTypes.Snappy,
    lz4: CompressionTypes.LZ4,
    zstd: CompressionTypes.ZSTD,
  }[compression];
  if (type !== CompressionTypes.None && (CompressionCodecs as Record<number, unknown>)[type] === undefined) {
    throw new UnsupportedFeatureError(`kafkajs has no ${compression} codec registered (only gzip is built in)`);
  }
  return type;
}
