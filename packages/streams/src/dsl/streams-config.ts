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
}

export const DEFAULT_CACHE_MAX_BYTES = 10 * 1024 * 1024;
