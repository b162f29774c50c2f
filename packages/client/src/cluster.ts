import type { Admin } from './admin/admin.js';
import type { Consumer, ConsumerOptions } from './consumer/consumer.js';
import type { Producer, ProducerOptions } from './producer/producer.js';

/**
 * Everything the streams runtime (and a plain app) needs from a Kafka-compatible cluster. Two
 * adapters implement it: `kafka(config)` over the Kafka protocol, and `embedded(log)` over
 * direct calls into `@tributary/log`. Offsets and timestamps are numbers; keys, values and
 * header values are Buffers.
 */
export interface Cluster {
  /** Adapter name for logs and metrics ("kafka", "embedded"). */
  readonly kind: string;
  /** What this adapter can do beyond the common contract; absent means none of it. */
  readonly capabilities?: ClusterCapabilities;
  /** Connects the shared admin client; producers and consumers connect on their own. */
  connect(): Promise<void>;
  /** Disconnects the admin and every producer and consumer created from this cluster. */
  disconnect(): Promise<void>;
  readonly admin: Admin;
  producer(options?: ProducerOptions): Producer;
  consumer(options: ConsumerOptions): Consumer;
}

/** Features some adapters lack (see the package README for the kafka adapter's gaps). */
export interface ClusterCapabilities {
  /** `Transaction.sendOffsets` sends generation/member/instance id, so the group coordinator fences zombie members (KIP-447). */
  readonly groupMetadataFencing: boolean;
  /** Record headers with a null value can be produced. */
  readonly nullHeaderValues: boolean;
  /**
   * `ConsumerOptions.groupInstanceId` works (KIP-345 static membership): a member that restarts
   * within its session timeout gets its partitions back without a rebalance. Adapters without it
   * refuse a consumer that asks for it with `UnsupportedFeatureError`.
   */
  readonly staticMembership: boolean;
}
