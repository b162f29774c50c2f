import { KStreamAggregateSupplier } from '../processor/ops/kstream-aggregate.js';
import type { ProcessorSupplier } from '../processor/processor.js';
import type { Serde } from '../serdes/serde.js';
import { Serdes } from '../serdes/serdes.js';
import { ProcessorGraphNode, type GraphNode } from '../topology/graph-node.js';
import type { Aggregator, Initializer, Reducer } from './aggregator.js';
import { CogroupedKStream } from './cogrouped-kstream.js';
import { addRepartition, dslStore, splitOptions } from './dsl-support.js';
import type { InternalStreamsBuilder } from './internal-streams-builder.js';
import { KTable } from './ktable.js';
import type { Named } from './named.js';
import type { Materialized } from './options.js';
import { SessionWindowedKStream } from './session-windowed-kstream.js';
import { SessionWindows } from './session-windows.js';
import { SlidingWindowedKStream } from './sliding-windowed-kstream.js';
import { SlidingWindows } from './sliding-windows.js';
import { TimeWindowedKStream } from './time-windowed-kstream.js';
import type { TimeWindows } from './time-windows.js';
import type { GroupedParent } from './windowed-aggregation.js';

type U = unknown;

/** A stream grouped by key, ready for count / reduce / aggregate. */
export class KGroupedStream<K, V> {
  /** @internal */
  constructor(
    private readonly builder: InternalStreamsBuilder,
    private readonly node: GraphNode,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    private readonly sourceNodes: ReadonlySet<string>,
    private readonly repartitionRequired: boolean,
    private readonly groupedName: string | undefined,
  ) {}

  /** Cuts the grouped stream into tumbling/hopping windows or sessions. */
  windowedBy(windows: TimeWindows): TimeWindowedKStream<K, V>;
  windowedBy(windows: SessionWindows): SessionWindowedKStream<K, V>;
  windowedBy(windows: SlidingWindows): SlidingWindowedKStream<K, V>;
  windowedBy(windows: TimeWindows | SessionWindows | SlidingWindows): TimeWindowedKStream<K, V> | SessionWindowedKStream<K, V> | SlidingWindowedKStream<K, V> {
    if (windows instanceof SessionWindows) return new SessionWindowedKStream(this.asParent(), windows);
    if (windows instanceof SlidingWindows) return new SlidingWindowedKStream(this.asParent(), windows);
    return new TimeWindowedKStream(this.asParent(), windows);
  }

  /** Starts a cogroup: this stream's records go through `aggregator` into a store shared with the streams added later. */
  cogroup<VA>(aggregator: Aggregator<K, V, VA>): CogroupedKStream<K, VA> {
    return new CogroupedKStream<K, VA>([]).cogroup(this, aggregator);
  }

  /** @internal What windowed and cogrouped streams build on. */
  asParent(): GroupedParent<K, V> {
    return {
      builder: this.builder,
      keySerde: this.keySerde,
      valueSerde: this.valueSerde,
      attach: (storeName) => this.attach(storeName),
    };
  }

  private attach(storeName: string): { parent: GraphNode; sources: ReadonlySet<string> } {
    if (!this.repartitionRequired) return { parent: this.node, sources: this.sourceNodes };
    const rep = addRepartition(this.builder, this.node, this.groupedName ?? storeName, {
      keySerde: this.keySerde as Serde<U> | undefined,
      valueSerde: this.valueSerde as Serde<U> | undefined,
      optimizable: true,
    });
    return { parent: rep, sources: new Set([rep.sourceName]) };
  }

  count(...options: (Named | Materialized<K, number> | string)[]): KTable<K, number> {
    return this.doAggregate<number>('KSTREAM-AGGREGATE-', options, () => 0, (_k, _v, agg) => agg + 1, Serdes.Long());
  }

  reduce(reducer: Reducer<V>, ...options: (Named | Materialized<K, V> | string)[]): KTable<K, V> {
    return this.doAggregate<V>('KSTREAM-REDUCE-', options, null, (_k, v, agg) => reducer(agg, v), this.valueSerde);
  }

  aggregate<VA>(initializer: Initializer<VA>, aggregator: Aggregator<K, V, VA>, ...options: (Named | Materialized<K, VA> | string)[]): KTable<K, VA> {
    return this.doAggregate<VA>('KSTREAM-AGGREGATE-', options, initializer, aggregator, undefined);
  }

  private doAggregate<VA>(
    prefix: string,
    options: readonly (Named | Materialized<K, VA> | string)[],
    initializer: Initializer<VA> | null,
    aggregator: Aggregator<K, V, VA>,
    defaultValueSerde: Serde<VA> | undefined,
  ): KTable<K, VA> {
    const { named, materialized } = splitOptions<K, VA>(options);
    const storeName = materialized?.storeName ?? this.builder.newStoreName(prefix);
    const name = named ?? this.builder.newProcessorName(prefix);
    let parent = this.node;
    let sources = this.sourceNodes;
    if (this.repartitionRequired) {
      const rep = addRepartition(this.builder, this.node, this.groupedName ?? storeName, {
        keySerde: this.keySerde as Serde<U> | undefined,
        valueSerde: this.valueSerde as Serde<U> | undefined,
        optimizable: true,
      });
      parent = rep;
      sources = new Set([rep.sourceName]);
    }
    const supplier = new KStreamAggregateSupplier<K, V, VA>(storeName, initializer, aggregator);
    const keySerde = materialized?.keySerde ?? this.keySerde;
    const valueSerde = materialized?.valueSerde ?? defaultValueSerde;
    const store = dslStore(storeName, materialized, keySerde, valueSerde);
    const node = new ProcessorGraphNode(name, supplier.get as ProcessorSupplier<U, U, U, U>, () => [store()]);
    this.builder.addNode(node, parent);
    return new KTable<K, VA>(this.builder, node, keySerde, valueSerde, sources, supplier, storeName);
  }
}
