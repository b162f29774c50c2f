import { KTableSourceSupplier } from '../processor/ops/ktable-source.js';
import type { Serde } from '../serdes/serde.js';
import type { StateStoreBuilder, StoreBuilder } from '../state/store-builder.js';
import { compileTopology } from '../topology/compiler.js';
import { GlobalTableNode, StateStoreNode, StreamSourceNode, TableSourceNode } from '../topology/graph-node.js';
import type { TopologyOptimization } from '../topology/optimizer.js';
import type { Topology } from '../topology/topology.js';
import { SOURCE, dslStore } from './dsl-support.js';
import { GlobalKTable } from './global-ktable.js';
import { InternalStreamsBuilder } from './internal-streams-builder.js';
import { KStream } from './kstream.js';
import { KTable } from './ktable.js';
import type { Consumed, Materialized } from './options.js';

type U = unknown;

/** Entry point of the DSL: builds a logical graph; `build()` optimizes and compiles it. */
export class StreamsBuilder {
  private readonly internal = new InternalStreamsBuilder();

  stream<K, V>(topics: string | readonly string[] | RegExp, consumed?: Consumed<K, V>): KStream<K, V> {
    const name = consumed?.name ?? this.internal.newProcessorName(SOURCE);
    const list = typeof topics === 'string' ? [topics] : topics;
    const node = this.internal.addNode(
      new StreamSourceNode(
        name,
        list,
        consumed?.keySerde as Serde<U> | undefined,
        consumed?.valueSerde as Serde<U> | undefined,
        consumed?.timestampExtractor as never,
      ),
    );
    return new KStream<K, V>(this.internal, node, consumed?.keySerde, consumed?.valueSerde, new Set([name]), false);
  }

  /** A table from a (compacted) topic; materialized when named or when a downstream operator needs it. */
  table<K, V>(topic: string, consumed?: Consumed<K, V>, materialized?: Materialized<K, V>): KTable<K, V> {
    const storeName = materialized?.storeName ?? this.internal.newStoreName(`${topic}-`);
    const sourceName = consumed?.name ?? this.internal.newProcessorName(SOURCE);
    const tableSourceName = consumed?.name !== undefined ? `${consumed.name}-table-source` : this.internal.newProcessorName('KTABLE-SOURCE-');
    const supplier = new KTableSourceSupplier<K, V>(storeName, materialized?.storeName !== undefined);
    const keySerde = materialized?.keySerde ?? consumed?.keySerde;
    const valueSerde = materialized?.valueSerde ?? consumed?.valueSerde;
    const node = this.internal.addNode(
      new TableSourceNode(
        sourceName,
        tableSourceName,
        topic,
        consumed?.keySerde as Serde<U> | undefined,
        consumed?.valueSerde as Serde<U> | undefined,
        consumed?.timestampExtractor as never,
        supplier as KTableSourceSupplier<U, U>,
        dslStore(storeName, materialized, keySerde, valueSerde),
      ),
    );
    return new KTable<K, V>(this.internal, node, keySerde, valueSerde, new Set([sourceName]), supplier, materialized?.storeName ?? null);
  }

  globalTable<K, V>(topic: string, consumed?: Consumed<K, V>, materialized?: Materialized<K, V>): GlobalKTable<K, V> {
    const storeName = materialized?.storeName ?? this.internal.newStoreName(`${topic}-`);
    const sourceName = consumed?.name ?? this.internal.newProcessorName(SOURCE);
    const processorName = this.internal.newProcessorName('KTABLE-SOURCE-');
    const supplier = new KTableSourceSupplier<K, V>(storeName, true);
    const store = dslStore(storeName, materialized, materialized?.keySerde ?? consumed?.keySerde, materialized?.valueSerde ?? consumed?.valueSerde)();
    store.withCachingDisabled();
    this.internal.addNode(
      new GlobalTableNode(
        sourceName,
        processorName,
        topic,
        consumed?.keySerde as Serde<U> | undefined,
        consumed?.valueSerde as Serde<U> | undefined,
        supplier as KTableSourceSupplier<U, U>,
        store,
      ),
    );
    return new GlobalKTable<K, V>(storeName);
  }

  /**
   * A store for Processor API nodes (`process(..., storeName)`): a key-value, window or session
   * store builder from `Stores` (`keyValueStoreBuilder`, `timestampedKeyValueStoreBuilder`,
   * `windowStoreBuilder`, `timestampedWindowStoreBuilder`, `sessionStoreBuilder`).
   */
  addStateStore<K, V>(builder: StateStoreBuilder<K, V>): this {
    // The topology keeps every builder kind behind one spec type; each builds its own store.
    this.internal.addNode(new StateStoreNode(builder as unknown as StoreBuilder<U, U>));
    return this;
  }

  build(options: { topologyOptimization?: TopologyOptimization } = {}): Topology {
    return compileTopology(this.internal.nodes, options.topologyOptimization);
  }
}
