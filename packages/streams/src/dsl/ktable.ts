import { StreamsArgumentError } from '../errors/streams-errors.js';
import { KTableSuppressSupplier } from '../processor/ops/ktable-suppress.js';
import { SuppressionBufferBuilder } from '../state/window/suppression-buffer.js';
import { KTableFilterSupplier } from '../processor/ops/ktable-filter.js';
import { KTableKTableJoinSideSupplier, KTableKTableJoinSupplier, type TableJoinKind } from '../processor/ops/ktable-ktable-join.js';
import { ktableKTableJoinMerger } from '../processor/ops/ktable-ktable-join-merger.js';
import { KTableMapValuesSupplier } from '../processor/ops/ktable-map-values.js';
import { ktableRepartitionMap } from '../processor/ops/ktable-repartition-map.js';
import { ktableToStream } from '../processor/ops/ktable-to-stream.js';
import { storeValueGetter, type KTableProcessorSupplier } from '../processor/ktable-value-getter.js';
import type { ProcessorSupplier } from '../processor/processor.js';
import type { Serde } from '../serdes/serde.js';
import type { KeyValue } from '../state/key-value.js';
import { ProcessorGraphNode, type GraphNode } from '../topology/graph-node.js';
import { dslStore, splitOptions } from './dsl-support.js';
import type { InternalStreamsBuilder } from './internal-streams-builder.js';
import { KGroupedTable } from './kgrouped-table.js';
import { addForeignKeyJoin } from './foreign-key-join.js';
import { KStream } from './kstream.js';
import type { Named } from './named.js';
import type { Grouped, Materialized } from './options.js';
import type { Suppressed } from './suppressed.js';
import { windowCloseDelay } from './windowed-table-info.js';

type U = unknown;
type Opt<K, V> = Named | Materialized<K, V> | string;
const asSupplier = (s: unknown): ProcessorSupplier<U, U, U, U> => s as ProcessorSupplier<U, U, U, U>;

/** A changelog stream interpreted as a table; updates travel downstream as Change(new, old). */
export class KTable<K, V> {
  /** @internal */
  constructor(
    readonly builder: InternalStreamsBuilder,
    readonly node: GraphNode,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    readonly sourceNodes: ReadonlySet<string>,
    /** @internal */
    readonly supplier: KTableProcessorSupplier<K, V>,
    private readonly storeName: string | null,
  ) {}

  /** The store name when the table is materialized with a name, else null. */
  queryableStoreName(): string | null {
    return this.storeName;
  }

  /** Records failing the predicate become tombstones downstream. */
  filter(predicate: (key: K, value: V) => boolean, ...options: Opt<K, V>[]): KTable<K, V> {
    return this.doFilter(predicate, false, options);
  }
  filterNot(predicate: (key: K, value: V) => boolean, ...options: Opt<K, V>[]): KTable<K, V> {
    return this.doFilter(predicate, true, options);
  }

  private doFilter(predicate: (key: K, value: V) => boolean, not: boolean, options: Opt<K, V>[]): KTable<K, V> {
    const { named, materialized } = splitOptions<K, V>(options);
    const storeName = materialized === undefined ? null : (materialized.storeName ?? this.builder.newStoreName('KTABLE-FILTER-'));
    const name = named ?? this.builder.newProcessorName('KTABLE-FILTER-');
    const supplier = new KTableFilterSupplier<K, V>(this.supplier, predicate, not, storeName);
    return this.addTableOp(name, supplier, storeName, materialized, this.valueSerde);
  }

  mapValues<VR>(mapper: (value: V, key: K) => VR, ...options: Opt<K, VR>[]): KTable<K, VR> {
    const { named, materialized } = splitOptions<K, VR>(options);
    const storeName = materialized === undefined ? null : (materialized.storeName ?? this.builder.newStoreName('KTABLE-MAPVALUES-'));
    const name = named ?? this.builder.newProcessorName('KTABLE-MAPVALUES-');
    const supplier = new KTableMapValuesSupplier<K, V, VR>(this.supplier, mapper, storeName);
    return this.addTableOp(name, supplier, storeName, materialized, undefined);
  }

  private addTableOp<VR>(
    name: string,
    supplier: KTableProcessorSupplier<K, VR> & { get: unknown },
    storeName: string | null,
    materialized: Materialized<K, VR> | undefined,
    defaultValueSerde: Serde<VR> | undefined,
  ): KTable<K, VR> {
    const keySerde = materialized?.keySerde ?? this.keySerde;
    const valueSerde = materialized?.valueSerde ?? defaultValueSerde;
    const store = storeName === null ? null : dslStore(storeName, materialized, keySerde, valueSerde);
    const node = new ProcessorGraphNode(name, asSupplier(supplier.get), () => (store === null ? [] : [store()]));
    this.builder.addNode(node, this.node);
    return new KTable<K, VR>(this.builder, node, keySerde, valueSerde, this.sourceNodes, supplier, materialized?.storeName ?? null);
  }

  /** The changelog as a stream (tombstones included as null values). */
  toStream(named?: Named | string): KStream<K, V | null> {
    const { named: n } = splitOptions<K, V>([named]);
    const name = n ?? this.builder.newProcessorName('KTABLE-TOSTREAM-');
    const node = new ProcessorGraphNode(name, asSupplier(ktableToStream<K, V>()));
    this.builder.addNode(node, this.node);
    return new KStream<K, V | null>(this.builder, node, this.keySerde, this.valueSerde as Serde<V | null> | undefined, this.sourceNodes, false);
  }

  /** Re-groups the table; aggregations downstream subtract the old value and add the new one. */
  groupBy<KR, VR>(selector: (key: K, value: V) => KeyValue<KR, VR>, grouped?: Grouped<KR, VR>): KGroupedTable<KR, VR> {
    const name = grouped?.name ?? this.builder.newProcessorName('KTABLE-SELECT-');
    const node = new ProcessorGraphNode(name, asSupplier(ktableRepartitionMap(selector)));
    node.keyChanging = true;
    this.builder.addNode(node, this.node);
    this.supplier.enableSendingOldValues(true);
    return new KGroupedTable<KR, VR>(this.builder, node, grouped?.keySerde, grouped?.valueSerde, grouped?.name);
  }

  join<VO, VR>(other: KTable<K, VO>, joiner: (value: V, other: VO) => VR, ...options: Opt<K, VR>[]): KTable<K, VR>;
  /** Foreign-key join: each left row joins the right row whose key `foreignKeyExtractor` picks from the left value. */
  join<KO, VO, VR>(other: KTable<KO, VO>, foreignKeyExtractor: (value: V) => KO | null, joiner: (value: V, other: VO) => VR, ...options: Opt<K, VR>[]): KTable<K, VR>;
  join<KO, VO, VR>(other: KTable<KO, VO>, a: (...args: never[]) => unknown, ...rest: unknown[]): KTable<K, VR> {
    if (typeof rest[0] === 'function') {
      return addForeignKeyJoin<K, V, KO, VO, VR>(this, other, a as unknown as (v: V) => KO, rest[0] as (v: V, o: VO | null) => VR, false, rest.slice(1) as Opt<K, VR>[]);
    }
    return this.doJoin(other as unknown as KTable<K, VO>, a as unknown as (v: V | null, o: VO | null) => VR, 'inner', rest as Opt<K, VR>[]);
  }
  leftJoin<VO, VR>(other: KTable<K, VO>, joiner: (value: V, other: VO | null) => VR, ...options: Opt<K, VR>[]): KTable<K, VR>;
  /** Foreign-key left join: left rows without a matching right row join with null. */
  leftJoin<KO, VO, VR>(other: KTable<KO, VO>, foreignKeyExtractor: (value: V) => KO | null, joiner: (value: V, other: VO | null) => VR, ...options: Opt<K, VR>[]): KTable<K, VR>;
  leftJoin<KO, VO, VR>(other: KTable<KO, VO>, a: (...args: never[]) => unknown, ...rest: unknown[]): KTable<K, VR> {
    if (typeof rest[0] === 'function') {
      return addForeignKeyJoin<K, V, KO, VO, VR>(this, other, a as unknown as (v: V) => KO, rest[0] as (v: V, o: VO | null) => VR, true, rest.slice(1) as Opt<K, VR>[]);
    }
    return this.doJoin(other as unknown as KTable<K, VO>, a as unknown as (v: V | null, o: VO | null) => VR, 'left', rest as Opt<K, VR>[]);
  }
  outerJoin<VO, VR>(other: KTable<K, VO>, joiner: (value: V | null, other: VO | null) => VR, ...options: Opt<K, VR>[]): KTable<K, VR> {
    return this.doJoin(other, joiner, 'outer', options);
  }

  private doJoin<VO, VR>(other: KTable<K, VO>, joiner: (v: V | null, o: VO | null) => VR, kind: TableJoinKind, options: Opt<K, VR>[]): KTable<K, VR> {
    const { named, materialized } = splitOptions<K, VR>(options);
    const storeName = materialized === undefined ? null : (materialized.storeName ?? this.builder.newStoreName('KTABLE-MERGE-'));
    const mergeName = named ?? this.builder.newProcessorName('KTABLE-MERGE-');
    if (kind !== 'inner') this.supplier.enableSendingOldValues(true);
    if (kind === 'outer') other.supplier.enableSendingOldValues(true);
    const thisName = named !== undefined ? `${named}-join-this` : this.builder.newProcessorName('KTABLE-JOINTHIS-');
    const otherName = named !== undefined ? `${named}-join-other` : this.builder.newProcessorName('KTABLE-JOINOTHER-');
    const leftOuter = kind !== 'inner';
    const rightOuter = kind === 'outer';
    const thisSide = new KTableKTableJoinSideSupplier<K, V, VO, VR>(() => other.supplier.view(), joiner, leftOuter, rightOuter);
    const otherSide = new KTableKTableJoinSideSupplier<K, VO, V, VR>(() => this.supplier.view(), (o, v) => joiner(v, o), rightOuter, leftOuter);
    const joinSupplier = new KTableKTableJoinSupplier<K, V, VO, VR>(this.supplier, other.supplier, thisSide, otherSide, kind, joiner, storeName);
    const co = (): string[] => [...this.sourceNodes, ...other.sourceNodes];
    // Value getters materialize the parents; resolve their store names at compile time.
    const otherView = other.supplier.view();
    const thisView = this.supplier.view();
    const thisNode = new ProcessorGraphNode(thisName, asSupplier(thisSide.get), () => [], () => otherView.storeNames(), co);
    const otherNode = new ProcessorGraphNode(otherName, asSupplier(otherSide.get), () => [], () => thisView.storeNames(), co);
    this.builder.addNode(thisNode, this.node);
    this.builder.addNode(otherNode, other.node);
    const keySerde = materialized?.keySerde ?? this.keySerde;
    const valueSerde = materialized?.valueSerde;
    const store = storeName === null ? null : dslStore(storeName, materialized, keySerde, valueSerde);
    const sendOld = { value: false };
    const mergeSupplier: KTableProcessorSupplier<K, VR> = {
      enableSendingOldValues: (force) => {
        if (storeName === null) joinSupplier.enableSendingOldValues();
        sendOld.value = true;
        void force;
        return true;
      },
      view: () => (storeName === null ? joinSupplier.view() : storeValueGetter<K, VR>(storeName)),
    };
    const mergeNode = new ProcessorGraphNode(
      mergeName,
      asSupplier(ktableKTableJoinMerger<K, VR>(storeName, () => sendOld.value)),
      () => (store === null ? [] : [store()]),
    );
    this.builder.addNode(mergeNode, thisNode, otherNode);
    return new KTable<K, VR>(this.builder, mergeNode, keySerde, valueSerde, new Set(co()), mergeSupplier, materialized?.storeName ?? null);
  }

  /**
   * Holds updates back: until the window closes (final results of a windowed table) or for a
   * time limit per key. The buffer is changelogged (`<app>-<store>-changelog`).
   */
  suppress(suppressed: Suppressed): KTable<K, V> {
    const name = suppressed.name ?? this.builder.newProcessorName('KTABLE-SUPPRESS-');
    const storeName = suppressed.name !== undefined ? `${suppressed.name}-store` : this.builder.newStoreName('KTABLE-SUPPRESS-');
    const closeDelay = windowCloseDelay(this as KTable<U, U>);
    if (suppressed.kind === 'untilWindowCloses' && closeDelay === undefined) {
      throw new StreamsArgumentError('suppress(untilWindowCloses) needs a windowed KTable (from windowedBy(...).count/reduce/aggregate)');
    }
    const supplier = new KTableSuppressSupplier<K, V>(this.supplier, storeName, suppressed, closeDelay ?? 0);
    const store = new SuppressionBufferBuilder<K, V>(storeName, this.keySerde, this.valueSerde);
    const node = new ProcessorGraphNode(name, asSupplier(supplier.get), () => [store as never]);
    this.builder.addNode(node, this.node);
    return new KTable<K, V>(this.builder, node, this.keySerde, this.valueSerde, this.sourceNodes, supplier, null);
  }
}

