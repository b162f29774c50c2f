import kafkajs from 'kafkajs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';
import type { Cluster, ClusterCapabilities } from '../cluster.js';
import type { Consumer, ConsumerOptions } from '../consumer/consumer.js';
import { UnsupportedFeatureError } from '../errors/client-errors.js';
import { silentLogger, type Logger } from '../logger.js';
import type { Producer, ProducerOptions } from '../producer/producer.js';
import { mapped } from './error-mapping.js';
import { KafkaAdmin } from './kafka-admin.js';
import { installFetchShims } from './fetch-shims.js';
import { KafkaConsumer } from './kafka-consumer.js';
import { KafkaProducer } from './kafka-producer.js';
import { kafkajsLogCreator } from './log-bridge.js';

const { Kafka, logLevel } = kafkajs;

export interface KafkaClusterConfig {
  /** "host:port" bootstrap addresses. */
  readonly brokers: readonly string[];
  readonly clientId?: string;
  readonly ssl?: boolean | ConnectionOptions;
  readonly sasl?: SASLOptions;
  /** Receives kafkajs's logs too; default silent. */
  readonly logger?: Logger;
  /** Lowest level forwarded from kafkajs. Default 'warn'. */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** kafkajs retry policy for requests (retries, initialRetryTime, maxRetryTime). */
  readonly retry?: { readonly retries?: number; readonly initialRetryTime?: number; readonly maxRetryTime?: number };
}

const LEVELS = { debug: logLevel.DEBUG, info: logLevel.INFO, warn: logLevel.WARN, error: logLevel.ERROR } as const;

/** A Cluster backed by a Kafka-protocol cluster (Apache Kafka, our broker, ...) through kafkajs. */
export function kafka(config: KafkaClusterConfig): Cluster {
  return new KafkaCluster(config);
}

class KafkaCluster implements Cluster {
  readonly kind = 'kafka';
  /** kafkajs 2.2.4 limits: see the package README. */
  readonly capabilities: ClusterCapabilities = { groupMetadataFencing: false, nullHeaderValues: false, staticMembership: false };
  readonly admin: KafkaAdmin;
  private readonly kafkaConfig: KafkaConfig;
  private readonly client: InstanceType<typeof Kafka>;
  private readonly kafkajsAdmin: ReturnType<InstanceType<typeof Kafka>['admin']>;
  private readonly producers = new Set<KafkaProducer>();
  private readonly consumers = new Set<KafkaConsumer>();

  constructor(config: KafkaClusterConfig) {
    const kafkaConfig: KafkaConfig = {
      brokers: [...config.brokers],
      clientId: config.clientId ?? 'tributary',
      logLevel: LEVELS[config.logLevel ?? 'warn'],
      logCreator: kafkajsLogCreator(config.logger ?? silentLogger),
      ...(config.ssl === undefined ? {} : { ssl: config.ssl }),
      ...(config.sasl === undefined ? {} : { sasl: config.sasl }),
      ...(config.connectionTimeoutMs === undefined ? {} : { connectionTimeout: config.connectionTimeoutMs }),
      ...(config.requestTimeoutMs === undefined ? {} : { requestTimeout: config.requestTimeoutMs }),
      ...(config.retry === undefined ? {} : { retry: { ...config.retry } }),
    };
    this.kafkaConfig = kafkaConfig;
    // Before any fetch: kafkajs's read_committed filter can leak aborted records, and it stalls on
    // fetches of only empty (cleaned) batches (fetch-shims.ts).
    const shims = installFetchShims();
    if (!shims.emptyBatches || !shims.abortedTransactions) {
      (config.logger ?? silentLogger).warn({ shims }, 'kafkajs fetch shims not fully installed: read_committed consumers may see aborted records or stall on compacted topics');
    }
    this.client = new Kafka(kafkaConfig);
    this.kafkajsAdmin = this.client.admin();
    this.admin = new KafkaAdmin(this.client, this.kafkajsAdmin);
  }

  connect(): Promise<void> {
    return mapped('connect', () => this.kafkajsAdmin.connect());
  }

  async disconnect(): Promise<void> {
    const clients = [...this.consumers, ...this.producers];
    await Promise.allSettled(clients.map((c) => c.disconnect()));
    await this.admin.disconnect();
    await mapped('disconnect', () => this.kafkajsAdmin.disconnect());
  }

  producer(options: ProducerOptions = {}): Producer {
    const producer = new KafkaProducer(this.client, options, (p) => this.producers.delete(p));
    this.producers.add(producer);
    return producer;
  }

  consumer(options: ConsumerOptions): Consumer {
    if (options.groupInstanceId !== undefined) {
      throw new UnsupportedFeatureError('the kafka adapter (kafkajs 2.2.4) has no static membership: groupInstanceId is not supported');
    }
    // kafkajs takes the client id per Kafka instance (it prefixes member ids and shows in
    // DescribeGroups), so a consumer with its own id gets its own instance; it connects lazily.
    const client =
      options.clientId === undefined || options.clientId === this.kafkaConfig.clientId
        ? this.client
        : new Kafka({ ...this.kafkaConfig, clientId: options.clientId });
    const consumer = new KafkaConsumer(client, options, this.admin, (c) => this.consumers.delete(c));
    this.consumers.add(consumer);
    return consumer;
  }
}
