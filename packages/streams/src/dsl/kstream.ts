import { kstreamFilter } from '../processor/ops/kstream-filter.js';
import { kstreamFlatMap } from '../processor/ops/kstream-flat-map.js';
import { kstreamFlatMapValues } from '../processor/ops/kstream-flat-map-values.js';
import { kstreamGlobalKTableJoin } from '../processor/ops/kstream-global-ktable-join.js';
import { JoinGraceBuffer } from '../processor/ops/join-grace-buffer.js';
import { kstreamKTableVersionedJoin } from '../processor/ops/kstream-ktable-versioned-join.js';
import { kstreamMap } from '../processor/ops/kstream-map.js';
import { kstreamMapValues } from '../processor/ops/kstream-map-values.js';
import { kstreamPeek } from '../processor/ops/kstream-peek.js';
import { fixedKeyProcessor } from '../processor/ops/kstream-process-values.js';
import { kstreamSelectKey } from '../processor/ops/kstream-select-key.js';
import { KTableSourceSupplier } from '../processor/ops/ktable-source.js';
import { passThrough } from '../processor/ops/pass-through.js';
import type { FixedKeyProcessorSupplier, ProcessorSupplier } from '../processor/processor.js';
import type { Serde } from '../serdes/serde.js';
import type { KeyValue } from '../state/key-value.js';
import { ProcessorGraphNode, SinkGraphNode, type GraphNode } from '../topology/graph-node.js';
import type { StreamPartitioner, TopicNameExtractor } from '../topology/topology-nodes.js';
import { BranchedKStream } from './branched.js';
import { addRepartition, dslStore, splitOptions } from './dsl-support.js';
import type { GlobalKTable } from './global-ktable.js';
import type { InternalStreamsBuilder } from './internal-streams-builder.js';
import { KGroupedStream } from './kgrouped-stream.js';
import { KTable } from './ktable.js';
import { Named } from './named.js';
import { Grouped, Joined, Materialized, Produced, Repartitioned } from './options.js';
import type { JoinWindows } from './join-windows.js';
import type { StreamJoined } from './stream-joined.js';
import { addStreamStreamJoin } from './stream-stream-join.js';

type U = unknown;
const asSupplier = <A, B, C, D>(s: ProcessorSupplier<A, B, C, D>): ProcessorSupplier<U, U, U, U> => s as unknown as ProcessorSupplier<U, U, U, U>;
const nameOf = (n: Named | string | undefined): string | undefined => (n instanceof Named ? n.name : n);

/** A record stream. K and V flow through every operator, so serde and value mismatches are compile errors. */
export class KStream<K, V> {
  private generatedRepartition: { node: GraphNode; sourceNodes: Set<string> } | null = null;

  /** @internal */
  constructor(
    readonly builder: InternalStreamsBuilder,
    readonly node: GraphNode,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    readonly sourceNodes: ReadonlySet<string>,
    readonly repartitionRequired: boolean,
  ) {}

  private add<K2, V2>(
    prefix: string,
    named: Named | string | undefined,
    supplier: ProcessorSupplier<U, U, U, U>,
    opts: { keySerde: Serde<K2> | undefined; valueSerde: Serde<V2> | undefined; keyChanging?: boolean; repartition?: boolean; stores?: string[] },
  ): KStream<K2, V2> {
    const name = nameOf(named) ?? this.builder.newProcessorName(prefix);
    const stores = opts.stores ?? [];
    const node = new ProcessorGraphNode(name, supplier, () => [], () => stores);
    node.keyChanging = opts.keyChanging === true;
    this.builder.addNode(node, this.node);
    return new KStream<K2, V2>(this.builder, node, opts.keySerde, opts.valueSerde, this.sourceNodes, opts.repartition ?? this.repartitionRequired);
  }

  filter(predicate: (key: K, value: V) => boolean, named?: Named | string): KStream<K, V> {
    return this.add('KSTREAM-FILTER-', named, asSupplier(kstreamFilter(predicate, false)), { keySerde: this.keySerde, valueSerde: this.valueSerde });
  }
  filterNot(predicate: (key: K, value: V) => boolean, named?: Named | string): KStream<K, V> {
    return this.add('KSTREAM-FILTER-', named, asSupplier(kstreamFilter(predicate, true)), { keySerde: this.keySerde, valueSerde: this.valueSerde });
  }
  map<KR, VR>(mapper: (key: K, value: V) => KeyValue<KR, VR>, named?: Named | string): KStream<KR, VR> {
    return this.add('KSTREAM-MAP-', named, asSupplier(kstreamMap(mapper)), { keySerde: undefined, valueSerde: undefined, keyChanging: true, repartition: true });
  }
  mapValues<VR>(mapper: (value: V, key: K) => VR, named?: Named | string): KStream<K, VR> {
    return this.add('KSTREAM-MAPVALUES-', named, asSupplier(kstreamMapValues(mapper)), { keySerde: this.keySerde, valueSerde: undefined });
  }
  flatMap<KR, VR>(mapper: (key: K, value: V) => Iterable<KeyValue<KR, VR>>, named?: Named | string): KStream<KR, VR> {
    return this.add('KSTREAM-FLATMAP-', named, asSupplier(kstreamFlatMap(mapper)), { keySerde: undefined, valueSerde: undefined, keyChanging: true, repartition: true });
  }
  flatMapValues<VR>(mapper: (value: V, key: K) => Iterable<VR>, named?: Named | string): KStream<K, VR> {
    return this.add('KSTREAM-FLATMAPVALUES-', named, asSupplier(kstreamFlatMapValues(mapper)), { keySerde: this.keySerde, valueSerde: undefined });
  }
  selectKey<KR>(selector: (key: K, value: V) => KR, named?: Named | string): KStream<KR, V> {
    return this.add('KSTREAM-KEY-SELECT-', named, asSupplier(kstreamSelectKey(selector)), { keySerde: undefined, valueSerde: this.valueSerde, keyChanging: true, repartition: true });
  }
  peek(action: (key: K, value: V) => void, named?: Named | string): KStream<K, V> {
    return this.add('KSTREAM-PEEK-', named, asSupplier(kstreamPeek(action, true)), { keySerde: this.keySerde, valueSerde: this.valueSerde });
  }
  foreach(action: (key: K, value: V) => void, named?: Named | string): void {
    this.add('KSTREAM-FOREACH-', named, asSupplier(kstreamPeek(action, false)), { keySerde: this.keySerde, valueSerde: this.valueSerde });
  }

  /** Branches by predicate; a record goes to the first match only. Branch names are prefix + name (or position). */
  split(named?: Named | string): BranchedKStream<K, V> {
    const name = nameOf(named) ?? this.builder.newProcessorName('KSTREAM-BRANCH-');
    return new BranchedKStream(this, name);
  }

  merge(other: KStream<K, V>, named?: Named | string): KStream<K, V> {
    const name = nameOf(named) ?? this.builder.newProcessorName('KSTREAM-MERGE-');
    const node = new ProcessorGraphNode(name, asSupplier(passThrough()));
    const repartition = this.repartitionRequired || other.repartitionRequired;
    node.mergeNode = repartition;
    this.builder.addNode(node, this.node, other.node);
    return new KStream<K, V>(this.builder, node, undefined, undefined, new Set([...this.sourceNodes, ...other.sourceNodes]), repartition);
  }

  /** Always writes to and reads back from `<name or KSTREAM-REPARTITION-N>-repartition`. */
  repartition(repartitioned?: Repartitioned<K, V>): KStream<K, V> {
    const name = repartitioned?.name ?? this.builder.newProcessorName('KSTREAM-REPARTITION-');
    const keySerde = repartitioned?.keySerde ?? this.keySerde;
    const valueSerde = repartitioned?.valueSerde ?? this.valueSerde;
    const node = addRepartition(this.builder, this.node, name, {
      keySerde: keySerde as Serde<U> | undefined,
      valueSerde: valueSerde as Serde<U> | undefined,
      partitions: repartitioned?.numberOfPartitions,
      partitioner: repartitioned?.partitioner as StreamPartitioner<U, U> | undefined,
      optimizable: false,
    });
    return new KStream<K, V>(this.builder, node, keySerde, valueSerde, new Set([node.sourceName]), false);
  }

  /** Sink to a fixed topic or one chosen per record (serdes and partitioner also see tombstones as null). */
  to(topic: string | TopicNameExtractor<K, V>, produced?: Produced<K, NonNullable<V>>): void {
    const name = produced?.name ?? this.builder.newProcessorName('KSTREAM-SINK-');
    const node = new SinkGraphNode(
      name,
      topic as string | TopicNameExtractor<U, U>,
      (produced?.keySerde ?? this.keySerde) as Serde<U> | undefined,
      (produced?.valueSerde ?? this.valueSerde) as Serde<U> | undefined,
      produced?.partitioner as StreamPartitioner<U, U> | undefined,
    );
    this.builder.addNode(node, this.node);
  }

  /** Reads the stream as a changelog: null values delete, null keys are dropped. */
  toTable(...options: (Named | Materialized<K, V> | string)[]): KTable<K, NonNullable<V>> {
    const { named, materialized } = splitOptions<K, V>(options);
    const name = named ?? this.builder.newProcessorName('KSTREAM-TOTABLE-');
    const storeName = materialized?.storeName ?? this.builder.newStoreName('KSTREAM-TOTABLE-');
    let parent = this.node;
    let sources: ReadonlySet<string> = this.sourceNodes;
    if (this.repartitionRequired) {
      const rep = addRepartition(this.builder, this.node, name, {
        keySerde: this.keySerde as Serde<U> | undefined,
        valueSerde: this.valueSerde as Serde<U> | undefined,
        optimizable: true,
      });
      parent = rep;
      sources = new Set([rep.sourceName]);
    }
    const supplier = new KTableSourceSupplier<K, NonNullable<V>>(storeName, materialized?.storeName !== undefined);
    const keySerde = materialized?.keySerde ?? this.keySerde;
    const valueSerde = (materialized?.valueSerde ?? this.valueSerde) as Serde<NonNullable<V>> | undefined;
    const store = dslStore(storeName, materialized as Materialized<K, NonNullable<V>> | undefined, keySerde, valueSerde);
    const node = new ProcessorGraphNode(name, asSupplier(supplier.get), () => (supplier.materialized ? [store()] : []));
    this.builder.addNode(node, parent);
    return new KTable<K, NonNullable<V>>(this.builder, node, keySerde, valueSerde, sources, supplier, supplier.materialized ? storeName : null);
  }

  /** Processor API node; may change the key (so downstream grouping repartitions). */
  process<KOut, VOut>(supplier: ProcessorSupplier<K, V, KOut, VOut>, ...args: (Named | string)[]): KStream<KOut, VOut> {
    const named = args.find((a): a is Named => a instanceof Named);
    const stores = args.filter((a): a is string => typeof a === 'string');
    return this.add('KSTREAM-PROCESSOR-', named, asSupplier(supplier), { keySerde: undefined, valueSerde: undefined, keyChanging: true, repartition: true, stores });
  }

  /** Processor API node that cannot change the key (no repartition). */
  processValues<VOut>(supplier: FixedKeyProcessorSupplier<K, V, VOut>, ...args: (Named | string)[]): KStream<K, VOut> {
    const named = args.find((a): a is Named => a instanceof Named);
    const stores = args.filter((a): a is string => typeof a === 'string');
    return this.add('KSTREAM-PROCESSVALUES-', named, asSupplier(fixedKeyProcessor(supplier)), { keySerde: this.keySerde, valueSerde: undefined, stores });
  }

  groupByKey(grouped?: Grouped<K, V>): KGroupedStream<K, V> {
    return new KGroupedStream<K, V>(
      this.builder, this.node, grouped?.keySerde ?? this.keySerde, grouped?.valueSerde ?? this.valueSerde,
      this.sourceNodes, this.repartitionRequired, grouped?.name,
    );
  }

  groupBy<KR>(selector: (key: K, value: V) => KR, grouped?: Grouped<KR, V>): KGroupedStream<KR, V> {
    const selected = this.add<KR, V>('KSTREAM-KEY-SELECT-', grouped?.name, asSupplier(kstreamSelectKey(selector)), {
      keySerde: grouped?.keySerde, valueSerde: grouped?.valueSerde ?? this.valueSerde, keyChanging: true, repartition: true,
    });
    return new KGroupedStream<KR, V>(this.builder, selected.node, selected.keySerde, selected.valueSerde, selected.sourceNodes, true, grouped?.name);
  }

  /** Stream-table inner join (or stream-GlobalKTable join with a key selector). Table updates never emit. */
  join<VO, VR>(other: KStream<K, VO>, joiner: (value: V, otherValue: VO, key: K) => VR, windows: JoinWindows, streamJoined?: StreamJoined<K, V, VO>): KStream<K, VR>;
  join<VT, VR>(table: KTable<K, VT>, joiner: (value: V, tableValue: VT, key: K) => VR, joined?: Joined<K, V, VT>): KStream<K, VR>;
  join<KG, VG, VR>(table: GlobalKTable<KG, VG>, keySelector: (key: K, value: V) => KG, joiner: (value: V, globalValue: VG, key: K) => VR, named?: Named | string): KStream<K, VR>;
  join(table: KStream<K, U> | KTable<K, U> | GlobalKTable<U, U>, a: (...args: never[]) => U, b?: U, c?: U): KStream<K, U> {
    if (table instanceof KStream) return this.streamJoin(table, a, b, c, 'inner');
    return this.doJoin(table, a, b, c, false);
  }

  /** Like join, but stream records without a table match emit with a null table side. */
  leftJoin<VO, VR>(other: KStream<K, VO>, joiner: (value: V, otherValue: VO | null, key: K) => VR, windows: JoinWindows, streamJoined?: StreamJoined<K, V, VO>): KStream<K, VR>;
  leftJoin<VT, VR>(table: KTable<K, VT>, joiner: (value: V, tableValue: VT | null, key: K) => VR, joined?: Joined<K, V, VT>): KStream<K, VR>;
  leftJoin<KG, VG, VR>(table: GlobalKTable<KG, VG>, keySelector: (key: K, value: V) => KG, joiner: (value: V, globalValue: VG | null, key: K) => VR, named?: Named | string): KStream<K, VR>;
  leftJoin(table: KStream<K, U> | KTable<K, U> | GlobalKTable<U, U>, a: (...args: never[]) => U, b?: U, c?: U): KStream<K, U> {
    if (table instanceof KStream) return this.streamJoin(table, a, b, c, 'left');
    return this.doJoin(table, a, b, c, true);
  }

  /** Windowed outer join: unmatched records of either side are emitted (with null for the other) once their window closes. */
  outerJoin<VO, VR>(other: KStream<K, VO>, joiner: (value: V | null, otherValue: VO | null, key: K) => VR, windows: JoinWindows, streamJoined?: StreamJoined<K, V, VO>): KStream<K, VR> {
    return addStreamStreamJoin<K, V, VO, VR>(this, other, joiner, windows, streamJoined, 'outer');
  }

  private streamJoin(other: KStream<K, U>, joiner: (...args: never[]) => U, windows: U, joined: U, kind: 'inner' | 'left'): KStream<K, U> {
    return addStreamStreamJoin<K, V, U, U>(this, other, joiner as unknown as (l: V | null, r: U, key: K) => U, windows as JoinWindows, joined as StreamJoined<K, V, U> | undefined, kind);
  }

  private doJoin(table: KTable<K, U> | GlobalKTable<U, U>, a: (...args: never[]) => U, b: U, c: U, left: boolean): KStream<K, U> {
    const prefix = left ? 'KSTREAM-LEFTJOIN-' : 'KSTREAM-JOIN-';
    if (!(table instanceof KTable)) {
      const keySelector = a as unknown as (key: K, value: V) => U;
      const joiner = b as (value: V, gv: U, key: K) => U;
      const name = nameOf(c as Named | string | undefined) ?? this.builder.newProcessorName(prefix);
      const node = new ProcessorGraphNode(name, asSupplier(kstreamGlobalKTableJoin(table.storeName, keySelector, joiner, left)));
      this.builder.addNode(node, this.node);
      return new KStream<K, U>(this.builder, node, this.keySerde, undefined, this.sourceNodes, this.repartitionRequired);
    }
    const joiner = a as unknown as (value: V, tv: U, key: K) => U;
    const joined = b as Joined<K, V, U> | undefined;
    let stream: KStream<K, V> = this;
    if (this.repartitionRequired) stream = this.repartitionForJoin(joined);
    const name = joined?.name ?? this.builder.newProcessorName(prefix);
    const view = table.supplier.view();
    const tableSources = table.sourceNodes;
    // With a grace period the join owns a changelogged buffer store `<name>-Buffer`, as in Kafka.
    const buffered = joined?.gracePeriodMs !== undefined;
    const node = new ProcessorGraphNode(
      name,
      asSupplier(kstreamKTableVersionedJoin(view, joiner, left, joined?.gracePeriodMs ?? 0, buffered ? JoinGraceBuffer.storeName(name) : null)),
      () => (buffered ? [JoinGraceBuffer.builder(name, joined?.keySerde ?? stream.keySerde, joined?.valueSerde ?? stream.valueSerde) as never] : []),
      () => view.storeNames(),
      () => [...stream.sourceNodes, ...tableSources],
    );
    // The table side is reached through its value getter only: table updates never reach the join.
    this.builder.addNode(node, stream.node);
    return new KStream<K, U>(this.builder, node, this.keySerde, undefined, new Set([...stream.sourceNodes, ...tableSources]), false);
  }

  private repartitionForJoin(joined: Joined<K, V, U> | undefined): KStream<K, V> {
    const keySerde = joined?.keySerde ?? this.keySerde;
    const valueSerde = joined?.valueSerde ?? this.valueSerde;
    if (joined?.name === undefined && this.generatedRepartition !== null) {
      // Kafka shares one generated repartition topic between joins of the same re-keyed stream.
      const r = this.generatedRepartition;
      return new KStream<K, V>(this.builder, r.node, keySerde, valueSerde, r.sourceNodes, false);
    }
    const prefix = joined?.name ?? this.node.name;
    const rep = addRepartition(this.builder, this.node, prefix, {
      keySerde: keySerde as Serde<U> | undefined,
      valueSerde: valueSerde as Serde<U> | undefined,
      optimizable: true,
    });
    const sourceNodes = new Set([rep.sourceName]);
    if (joined?.name === undefined) this.generatedRepartition = { node: rep, sourceNodes };
    return new KStream<K, V>(this.builder, rep, keySerde, valueSerde, sourceNodes, false);
  }

  /** @internal used by BranchedKStream */
  addBranchChild(name: string, parent: GraphNode): KStream<K, V> {
    const node = new ProcessorGraphNode(name, asSupplier(passThrough()));
    this.builder.addNode(node, parent);
    return new KStream<K, V>(this.builder, node, this.keySerde, this.valueSerde, this.sourceNodes, this.repartitionRequired);
  }
}

