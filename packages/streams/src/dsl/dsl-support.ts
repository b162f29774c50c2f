import { StreamsArgumentError } from '../errors/streams-errors.js';
import type { Serde } from '../serdes/serde.js';
import { dslDefaultKeyValueStore, Stores, type BytesStoreSupplier, type StoreBuilder, type StoreSupplier } from '../state/store-builder.js';
import type { GraphNode } from '../topology/graph-node.js';
import { RepartitionGraphNode } from '../topology/graph-node.js';
import type { StreamPartitioner } from '../topology/topology-nodes.js';
import { isGeneratedName, type InternalStreamsBuilder } from './internal-streams-builder.js';
import { Named } from './named.js';
import { Materialized } from './options.js';

export const SOURCE = 'KSTREAM-SOURCE-';
export const SINK = 'KSTREAM-SINK-';
export const FILTER = 'KSTREAM-FILTER-';

/** Splits Kafka-style trailing option arguments (Named and/or Materialized). */
export function splitOptions<K, V>(opts: readonly (Named | Materialized<K, V> | string | undefined)[]): { named: string | undefined; materialized: Materialized<K, V> | undefined } {
  let named: string | undefined;
  let materialized: Materialized<K, V> | undefined;
  for (const o of opts) {
    if (o instanceof Named) named = o.name;
    else if (typeof o === 'string') named = o;
    else if (o instanceof Materialized) materialized = o;
  }
  return { named, materialized };
}

/** Builds the timestamped store recipe for a DSL operator. */
export function dslStore<K, V>(
  storeName: string,
  materialized: Materialized<K, V> | undefined,
  keySerde: Serde<K> | undefined,
  valueSerde: Serde<V> | undefined,
): () => StoreBuilder<unknown, unknown> {
  return () => {
    const supplier = keyValueSupplierOf(materialized?.storeSupplier) ?? dslDefaultKeyValueStore(storeName);
    const b = Stores.timestampedKeyValueStoreBuilder(supplier, materialized?.keySerde ?? keySerde, materialized?.valueSerde ?? valueSerde);
    if (materialized?.loggingEnabled === false) b.withLoggingDisabled();
    if (materialized?.cachingEnabled !== false) b.withCachingEnabled();
    return b as unknown as StoreBuilder<unknown, unknown>;
  };
}

/** The key-value supplier of a Materialized, refusing window and session suppliers. */
export function keyValueSupplierOf(s: StoreSupplier | undefined): BytesStoreSupplier | undefined {
  if (s === undefined) return undefined;
  if ('kind' in s) throw new StreamsArgumentError(`store ${s.name}: a ${s.kind} store supplier cannot materialize a key-value table`);
  return s;
}

/** Adds a repartition (filter → sink → topic → source) under `parent`, with Kafka's naming. */
export function addRepartition(
  builder: InternalStreamsBuilder,
  parent: GraphNode,
  prefix: string,
  options: {
    keySerde: Serde<unknown> | undefined;
    valueSerde: Serde<unknown> | undefined;
    partitions?: number | undefined;
    partitioner?: StreamPartitioner<unknown, unknown> | undefined;
    optimizable: boolean;
  },
): RepartitionGraphNode {
  const topic = prefix.endsWith('-repartition') ? prefix : `${prefix}-repartition`;
  // Kafka always burns three indexes here so later generated names stay stable.
  const genSink = builder.newProcessorName(SINK);
  const genFilter = builder.newProcessorName(FILTER);
  const genSource = builder.newProcessorName(SOURCE);
  const generated = isGeneratedName(prefix);
  const node = new RepartitionGraphNode(
    topic,
    generated ? genSink : `${topic}-sink`,
    generated ? genFilter : `${topic}-filter`,
    generated ? genSource : `${topic}-source`,
    options.keySerde,
    options.valueSerde,
    options.partitions,
    options.partitioner,
    options.optimizable,
  );
  return builder.addNode(node, parent);
}
