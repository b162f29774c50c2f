import { KStreamAggregateSupplier } from '../processor/ops/kstream-aggregate.js';
import { KStreamSessionWindowAggregateSupplier } from '../processor/ops/kstream-session-window-aggregate.js';
import { KStreamWindowAggregateSupplier } from '../processor/ops/kstream-window-aggregate.js';
import { passThrough } from '../processor/ops/pass-through.js';
import type { KTableProcessorSupplier } from '../processor/ktable-value-getter.js';
import type { ProcessorSupplier } from '../processor/processor.js';
import type { Serde } from '../serdes/serde.js';
import { sessionWindowedSerde, timeWindowedSerde } from '../serdes/windowed-serdes.js';
import { SessionStoreBuilder } from '../state/session/session-store-builder.js';
import { WindowStoreBuilder } from '../state/window/window-store-builder.js';
import { ProcessorGraphNode, type GraphNode } from '../topology/graph-node.js';
import type { Aggregator, Initializer } from './aggregator.js';
import { dslStore, splitOptions } from './dsl-support.js';
import { KTable } from './ktable.js';
import type { Named } from './named.js';
import type { Materialized } from './options.js';
import type { Merger } from './session-windowed-kstream.js';
import { SessionWindows } from './session-windows.js';
import type { TimeWindows } from './time-windows.js';
import { sessionSupplierOf, windowSupplierOf, type GroupedParent } from './windowed-aggregation.js';
import type { Windowed } from './windowed.js';
import { markWindowedTable } from './windowed-table-info.js';

type U = unknown;
type Opt<K, VA> = Named | Materialized<K, VA> | string;
interface Input<K> {
  readonly grouped: GroupedParent<K, U>;
  readonly aggregator: Aggregator<K, U, U>;
}
type AggSupplier<K, VA> = KTableProcessorSupplier<K, VA> & { get: unknown };

/**
 * Several grouped streams aggregated into one store: each input has its own aggregator and
 * processor (COGROUPKSTREAM-AGGREGATE-N), all sharing one initializer and one store; their
 * outputs meet in COGROUPKSTREAM-MERGE-N. Every input record emits.
 */
export class CogroupedKStream<K, VA> {
  /** @internal */
  constructor(private readonly inputs: readonly Input<K>[]) {}

  cogroup<V>(grouped: { asParent(): GroupedParent<K, V> }, aggregator: Aggregator<K, V, VA>): CogroupedKStream<K, VA> {
    return new CogroupedKStream<K, VA>([...this.inputs, { grouped: grouped.asParent() as GroupedParent<K, U>, aggregator: aggregator as unknown as Aggregator<K, U, U> }]);
  }

  aggregate(initializer: Initializer<VA>, ...options: Opt<K, VA>[]): KTable<K, VA> {
    const { named, materialized } = splitOptions<K, VA>(options);
    const b = this.inputs[0]!.grouped.builder;
    const storeName = materialized?.storeName ?? b.newStoreName('COGROUPKSTREAM-AGGREGATE-');
    const keySerde = materialized?.keySerde ?? this.inputs[0]!.grouped.keySerde;
    const store = dslStore(storeName, materialized, keySerde, materialized?.valueSerde);
    const table = this.build<K>(named, storeName, store, (i) => new KStreamAggregateSupplier<K, U, VA>(storeName, initializer, this.inputs[i]!.aggregator as unknown as Aggregator<K, U, VA>), keySerde, materialized);
    return table;
  }

  windowedBy(windows: TimeWindows): TimeWindowedCogroupedKStream<K, VA>;
  windowedBy(windows: SessionWindows): SessionWindowedCogroupedKStream<K, VA>;
  windowedBy(windows: TimeWindows | SessionWindows): TimeWindowedCogroupedKStream<K, VA> | SessionWindowedCogroupedKStream<K, VA> {
    return windows instanceof SessionWindows ? new SessionWindowedCogroupedKStream(this, windows) : new TimeWindowedCogroupedKStream(this, windows);
  }

  /** @internal */
  build<KT>(
    named: string | undefined,
    storeName: string,
    store: () => unknown,
    supplierFor: (i: number) => AggSupplier<K, VA>,
    keySerde: Serde<KT> | undefined,
    materialized: Materialized<K, VA> | undefined,
  ): KTable<KT, VA> {
    const b = this.inputs[0]!.grouped.builder;
    const suppliers: AggSupplier<K, VA>[] = [];
    const nodes: GraphNode[] = [];
    const sources = new Set<string>();
    this.inputs.forEach((input, i) => {
      const { parent, sources: s } = input.grouped.attach(storeName);
      for (const x of s) sources.add(x);
      const supplier = supplierFor(i);
      suppliers.push(supplier);
      const name = named !== undefined ? `${named}-cogroup-agg-${i}` : b.newProcessorName('COGROUPKSTREAM-AGGREGATE-');
      const node = new ProcessorGraphNode(name, supplier.get as ProcessorSupplier<U, U, U, U>, () => (i === 0 ? [store() as never] : []), () => (i === 0 ? [] : [storeName]));
      b.addNode(node, parent);
      nodes.push(node);
    });
    const merge = new ProcessorGraphNode(named !== undefined ? `${named}-cogroup-merge` : b.newProcessorName('COGROUPKSTREAM-MERGE-'), passThrough() as ProcessorSupplier<U, U, U, U>);
    b.addNode(merge, ...nodes);
    const combined: KTableProcessorSupplier<KT, VA> = {
      enableSendingOldValues: (force) => suppliers.every((s) => s.enableSendingOldValues(force)),
      view: () => suppliers[0]!.view() as unknown as ReturnType<KTableProcessorSupplier<KT, VA>['view']>,
    };
    return new KTable<KT, VA>(b, merge, keySerde, materialized?.valueSerde, sources, combined, materialized?.storeName ?? null);
  }

  /** @internal */
  get firstKeySerde(): Serde<K> | undefined {
    return this.inputs[0]!.grouped.keySerde;
  }
  /** @internal */
  aggregatorAt(i: number): Aggregator<K, U, VA> {
    return this.inputs[i]!.aggregator as unknown as Aggregator<K, U, VA>;
  }
  /** @internal */
  get builder() {
    return this.inputs[0]!.grouped.builder;
  }
}

export class TimeWindowedCogroupedKStream<K, VA> {
  constructor(
    private readonly cogrouped: CogroupedKStream<K, VA>,
    private readonly windows: TimeWindows,
  ) {}
  aggregate(initializer: Initializer<VA>, ...options: Opt<K, VA>[]): KTable<Windowed<K>, VA> {
    const { named, materialized } = splitOptions<K, VA>(options);
    const w = this.windows;
    const storeName = materialized?.storeName ?? this.cogrouped.builder.newStoreName('COGROUPKSTREAM-AGGREGATE-');
    const keySerde = materialized?.keySerde ?? this.cogrouped.firstKeySerde;
    const store = (): unknown => {
      const supplier = windowSupplierOf(materialized as Materialized<U, U> | undefined, w.size(), w.size() + w.gracePeriodMs());
      const retention = supplier?.retentionMs ?? materialized?.retentionMs ?? w.size() + w.gracePeriodMs();
      const sb = new WindowStoreBuilder<K, VA>(storeName, retention, w.size(), false, keySerde, materialized?.valueSerde, true, false, supplier);
      if (materialized?.loggingEnabled === false) sb.withLoggingDisabled();
      return sb;
    };
    const table = this.cogrouped.build<Windowed<K>>(named, storeName, store, (i) => new KStreamWindowAggregateSupplier<K, U, VA>(storeName, w, initializer, this.cogrouped.aggregatorAt(i), false) as never, timeWindowedSerde(keySerde, w.size()), materialized);
    markWindowedTable(table as KTable<U, U>, w.gracePeriodMs());
    return table;
  }
}

export class SessionWindowedCogroupedKStream<K, VA> {
  constructor(
    private readonly cogrouped: CogroupedKStream<K, VA>,
    private readonly windows: SessionWindows,
  ) {}
  aggregate(initializer: Initializer<VA>, merger: Merger<K, VA>, ...options: Opt<K, VA>[]): KTable<Windowed<K>, VA> {
    const { named, materialized } = splitOptions<K, VA>(options);
    const w = this.windows;
    const storeName = materialized?.storeName ?? this.cogrouped.builder.newStoreName('COGROUPKSTREAM-AGGREGATE-');
    const keySerde = materialized?.keySerde ?? this.cogrouped.firstKeySerde;
    const store = (): unknown => {
      const supplier = sessionSupplierOf(materialized as Materialized<U, U> | undefined, w.inactivityGap() + w.gracePeriodMs());
      const retention = supplier?.retentionMs ?? materialized?.retentionMs ?? w.inactivityGap() + w.gracePeriodMs();
      const sb = new SessionStoreBuilder<K, VA>(storeName, retention, keySerde, materialized?.valueSerde, false, supplier);
      if (materialized?.loggingEnabled === false) sb.withLoggingDisabled();
      return sb;
    };
    const table = this.cogrouped.build<Windowed<K>>(named, storeName, store, (i) => new KStreamSessionWindowAggregateSupplier<K, U, VA>(storeName, w, initializer, this.cogrouped.aggregatorAt(i), merger, false) as never, sessionWindowedSerde(keySerde), materialized);
    markWindowedTable(table as KTable<U, U>, w.inactivityGap() + w.gracePeriodMs());
    return table;
  }
}
