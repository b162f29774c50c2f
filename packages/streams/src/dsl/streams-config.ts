import { StreamsArgumentError } from '../errors/streams-errors.js';
import type { Serde } from '../serdes/serde.js';
import type { TopologyOptimization } from '../topology/optimizer.js';

export interface StreamsConfig {
  readonly applicationId: string;
  readonly defaultKeySerde?: Serde<unknown>;
  readonly defaultValueSerde?: Serde<unknown>;
  /** Kafka's `topology.optimization`; default 'none'. */
  readonly topologyOptimization?: TopologyOptimization;
  /** Kafka's `statestore.cache.max.bytes`; default 10 MiB. 0 disables record caches. */
  readonly cacheMaxBytes?: number;
  /**
   * Kafka's `default.dsl.store`: the engine DSL stores get without a supplier. The runtime
   * (`TributaryStreams`) and `TopologyTestDriver.create` honour it; the synchronous driver
   * constructor validates it and runs every store in memory (docs/testing.md).
   */
  readonly defaultDslStore?: DslStoreType;
}

export const DEFAULT_CACHE_MAX_BYTES = 10 * 1024 * 1024;

/** Kafka's `default.dsl.store` (rocksDB | in_memory): the store type DSL operators use when given no supplier. */
export type DslStoreType = 'in_memory' | 'persistent';

/** Validates a `defaultDslStore` value; default 'in_memory'. */
export function resolveDslStoreType(value: unknown): DslStoreType {
  if (value === undefined) return 'in_memory';
  if (value === 'in_memory' || value === 'persistent') return value;
  throw new StreamsArgumentError(`defaultDslStore '${String(value)}' must be 'in_memory' or 'persistent'`);
}
