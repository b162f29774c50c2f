import { KTableAggregateSupplier } from '../processor/ops/ktable-aggregate.js';
import type { ProcessorSupplier } from '../processor/processor.js';
import { changeSerde } from '../serdes/change-serde.js';
import type { Serde } from '../serdes/serde.js';
import { Serdes } from '../serdes/serdes.js';
import { ProcessorGraphNode, RepartitionGraphNode, type GraphNode } from '../topology/graph-node.js';
import type { Aggregator, Initializer, Reducer } from './aggregator.js';
import { SINK, SOURCE, dslStore, splitOptions } from './dsl-support.js';
import type { InternalStreamsBuilder } from './internal-streams-builder.js';
import { KTable } from './ktable.js';
import type { Named } from './named.js';
import type { Materialized } from './options.js';

type U = unknown;
type Opt<K, V> = Named | Materialized<K, V> | string;

/** A re-grouped table: aggregations take an adder and a subtractor. */
export class KGroupedTable<K, V> {
  /** @internal */
  constructor(
    private readonly builder: InternalStreamsBuilder,
    private readonly node: GraphNode,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    private readonly groupedName: string | undefined,
  ) {}

  count(...options: Opt<K, number>[]): KTable<K, number> {
    return this.doAggregate<number>('KTABLE-AGGREGATE-', options, () => 0, (_k, _v, a) => a + 1, (_k, _v, a) => a - 1, Serdes.Long());
  }

  reduce(adder: Reducer<V>, subtractor: Reducer<V>, ...options: Opt<K, V>[]): KTable<K, V> {
    return this.doAggregate<V>('KTABLE-REDUCE-', options, null, (_k, v, a) => adder(a, v), (_k, v, a) => subtractor(a, v), this.valueSerde);
  }

  aggregate<VA>(initializer: Initializer<VA>, adder: Aggregator<K, V, VA>, subtractor: Aggregator<K, V, VA>, ...options: Opt<K, VA>[]): KTable<K, VA> {
    return this.doAggregate<VA>('KTABLE-AGGREGATE-', options, initializer, adder, subtractor, undefined);
  }

  private doAggregate<VA>(
    prefix: string,
    options: readonly Opt<K, VA>[],
    initializer: Initializer<VA> | null,
    adder: Aggregator<K, V, VA>,
    subtractor: Aggregator<K, V, VA>,
    defaultValueSerde: Serde<VA> | undefined,
  ): KTable<K, VA> {
    const { named, materialized } = splitOptions<K, VA>(options);
    const storeName = materialized?.storeName ?? this.builder.newStoreName(prefix);
    const sinkName = named !== undefined ? `${named}-sink` : this.builder.newProcessorName(SINK);
    const sourceName = named !== undefined ? `${named}-source` : this.builder.newProcessorName(SOURCE);
    const name = named ?? this.builder.newProcessorName(prefix);
    const topic = `${this.groupedName ?? storeName}-repartition`;
    // Kafka's KGroupedTable repartition has no filter node; the pass-through keeps our lowering uniform.
    const rep = new RepartitionGraphNode(
      topic, sinkName, `${topic}-filter`, sourceName,
      this.keySerde as Serde<U> | undefined,
      changeSerde(this.valueSerde) as Serde<U>,
      undefined, undefined, false,
    );
    rep.skipFilter = true;
    this.builder.addNode(rep, this.node);
    const supplier = new KTableAggregateSupplier<K, V, VA>(storeName, initializer, adder, subtractor);
    const keySerde = materialized?.keySerde ?? this.keySerde;
    const valueSerde = materialized?.valueSerde ?? defaultValueSerde;
    const store = dslStore(storeName, materialized, keySerde, valueSerde);
    const node = new ProcessorGraphNode(name, supplier.get as ProcessorSupplier<U, U, U, U>, () => [store()]);
    this.builder.addNode(node, rep);
    return new KTable<K, VA>(this.builder, node, keySerde, valueSerde, new Set([sourceName]), supplier, storeName);
  }
}
