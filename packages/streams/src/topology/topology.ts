import { TopologyError } from '../errors/streams-errors.js';
import type { ProcessorSupplier } from '../processor/processor.js';
import type { TimestampExtractor } from '../processor/timestamp-extractor.js';
import type { Serde } from '../serdes/serde.js';
import type { StoreBuilder } from '../state/store-builder.js';
import { describeTopology, type TopologyDescription } from './topology-description.js';
import type {
  NodeSpec,
  ProcessorNodeSpec,
  SinkNodeSpec,
  SourceNodeSpec,
  StoreSpec,
  StreamPartitioner,
  SubtopologySpec,
  TopicNameExtractor,
} from './topology-nodes.js';

export interface InternalTopicSpec {
  /** Unprefixed name (the runtime prefixes `<applicationId>-`). */
  readonly name: string;
  readonly kind: 'repartition' | 'changelog';
  /** Fixed by the user (Repartitioned.withNumberOfPartitions), else derived. */
  readonly partitions: number | undefined;
}

/**
 * The physical topology: source, processor and sink nodes, stores, internal topics.
 * The DSL compiler writes into it; it can also be built by hand with the Processor API.
 */
export class Topology {
  readonly nodes = new Map<string, NodeSpec>();
  readonly stores = new Map<string, StoreSpec>();
  readonly internalTopics = new Map<string, InternalTopicSpec>();
  /** Groups of source topics that must be co-partitioned (joins). */
  readonly copartitionGroups: string[][] = [];
  private readonly order: string[] = [];
  private readonly globalNodes = new Set<string>();
  private readonly topicToSource = new Map<string, string>();
  private cachedSubtopologies: SubtopologySpec[] | null = null;

  addSource(
    name: string,
    topics: readonly string[] | RegExp,
    options: { keySerde?: Serde<unknown>; valueSerde?: Serde<unknown>; timestampExtractor?: TimestampExtractor } = {},
  ): this {
    this.checkNew(name);
    const pattern = topics instanceof RegExp ? topics : null;
    const list = topics instanceof RegExp ? [] : [...topics];
    if (pattern === null && list.length === 0) throw new TopologyError(`source ${name} needs at least one topic`);
    for (const t of list) {
      const other = this.topicToSource.get(t);
      if (other !== undefined) throw new TopologyError(`topic ${t} is already read by source ${other}`);
      this.topicToSource.set(t, name);
    }
    const spec: SourceNodeSpec = {
      kind: 'source',
      name,
      topics: list,
      pattern,
      keySerde: options.keySerde,
      valueSerde: options.valueSerde,
      timestampExtractor: options.timestampExtractor,
      children: [],
    };
    this.add(spec);
    return this;
  }

  addProcessor<KIn, VIn, KOut, VOut>(
    name: string,
    supplier: ProcessorSupplier<KIn, VIn, KOut, VOut>,
    ...parentNames: string[]
  ): this {
    this.checkNew(name);
    if (parentNames.length === 0) throw new TopologyError(`processor ${name} needs at least one parent`);
    const spec: ProcessorNodeSpec = {
      kind: 'processor',
      name,
      supplier: supplier as unknown as ProcessorSupplier<unknown, unknown, unknown, unknown>,
      stores: [],
      parents: [],
      children: [],
    };
    this.add(spec);
    for (const p of parentNames) this.connect(p, name);
    return this;
  }

  addSink<K, V>(
    name: string,
    topic: string | TopicNameExtractor<K, V>,
    options: { keySerde?: Serde<K>; valueSerde?: Serde<V>; partitioner?: StreamPartitioner<K, V> },
    ...parentNames: string[]
  ): this {
    this.checkNew(name);
    const spec: SinkNodeSpec = {
      kind: 'sink',
      name,
      topic: topic as SinkNodeSpec['topic'],
      keySerde: options.keySerde as Serde<unknown> | undefined,
      valueSerde: options.valueSerde as Serde<unknown> | undefined,
      partitioner: options.partitioner as SinkNodeSpec['partitioner'],
      parents: [],
    };
    this.add(spec);
    for (const p of parentNames) this.connect(p, name);
    return this;
  }

  addStateStore<K, V>(builder: StoreBuilder<K, V>, ...processorNames: string[]): this {
    if (this.stores.has(builder.name)) throw new TopologyError(`store ${builder.name} is already added`);
    this.stores.set(builder.name, {
      name: builder.name,
      builder: builder as unknown as StoreBuilder<unknown, unknown>,
      changelogTopic: builder.loggingEnabled ? `${builder.name}-changelog` : null,
      changelogIsSourceTopic: false,
      global: false,
    });
    if (builder.loggingEnabled) this.internalTopics.set(`${builder.name}-changelog`, { name: `${builder.name}-changelog`, kind: 'changelog', partitions: undefined });
    this.connectProcessorAndStateStores(processorNames, builder.name);
    return this;
  }

  connectProcessorAndStateStores(processorNames: readonly string[], ...storeNames: string[]): this {
    for (const p of processorNames) {
      const node = this.nodes.get(p);
      if (node === undefined || node.kind !== 'processor') throw new TopologyError(`unknown processor ${p}`);
      for (const s of storeNames) {
        if (!this.stores.has(s)) throw new TopologyError(`unknown store ${s}`);
        if (!node.stores.includes(s)) node.stores.push(s);
      }
    }
    this.cachedSubtopologies = null;
    return this;
  }

  /** A store that every instance holds in full, fed by `topic` through `processorName`. */
  addGlobalStore<K, V>(
    builder: StoreBuilder<K, V>,
    sourceName: string,
    topic: string,
    options: { keySerde?: Serde<unknown>; valueSerde?: Serde<unknown>; timestampExtractor?: TimestampExtractor },
    processorName: string,
    supplier: ProcessorSupplier<K, V, never, never> | ProcessorSupplier<unknown, unknown, unknown, unknown>,
  ): this {
    builder.withLoggingDisabled(); // the source topic is the global store's changelog
    this.addSource(sourceName, [topic], options);
    this.addProcessor(processorName, supplier as ProcessorSupplier<unknown, unknown, unknown, unknown>, sourceName);
    this.stores.set(builder.name, {
      name: builder.name,
      builder: builder as unknown as StoreBuilder<unknown, unknown>,
      changelogTopic: topic,
      changelogIsSourceTopic: true,
      global: true,
    });
    (this.nodes.get(processorName) as ProcessorNodeSpec).stores.push(builder.name);
    this.globalNodes.add(sourceName).add(processorName);
    return this;
  }

  /** Marks a topic as internal (repartition); its name gets the application id prefix at runtime. */
  addInternalTopic(name: string, partitions?: number): this {
    const prev = this.internalTopics.get(name);
    this.internalTopics.set(name, { name, kind: 'repartition', partitions: partitions ?? prev?.partitions });
    return this;
  }

  /** Reuses a source topic as a store's changelog (topology.optimization reuse.ktable.source.topics). */
  useSourceTopicAsChangelog(storeName: string, topic: string): this {
    const s = this.stores.get(storeName);
    if (s === undefined) throw new TopologyError(`unknown store ${storeName}`);
    if (s.changelogTopic !== null) this.internalTopics.delete(s.changelogTopic);
    s.changelogTopic = topic;
    s.changelogIsSourceTopic = true;
    return this;
  }

  copartition(topics: readonly string[]): this {
    this.copartitionGroups.push([...topics]);
    return this;
  }

  /**
   * True for topics sources and sinks address by their short name and the runtime prefixes with
   * the application id: repartition topics (incl. foreign-key subscription/response topics).
   * Changelogs are named by their stores, never by sources or sinks, so a user topic called
   * `<store>-changelog` stays a user topic (Kafka decides the same way).
   */
  isInternalTopic(topic: string): boolean {
    return this.internalTopics.get(topic)?.kind === 'repartition';
  }

  isGlobalNode(name: string): boolean {
    return this.globalNodes.has(name);
  }

  /** Node names in insertion order (parents before children). */
  nodeOrder(): readonly string[] {
    return this.order;
  }

  /** Sub-topologies: connected components of nodes (edges and shared stores), numbered like Kafka. */
  subtopologies(): SubtopologySpec[] {
    if (this.cachedSubtopologies !== null) return this.cachedSubtopologies;
    const parent = new Map<string, string>();
    const find = (x: string): string => {
      let r = x;
      while (parent.get(r) !== r) r = parent.get(r)!;
      parent.set(x, r);
      return r;
    };
    const union = (a: string, b: string): void => {
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
    };
    for (const n of this.order) parent.set(n, n);
    const storeOwner = new Map<string, string>();
    for (const n of this.order) {
      const spec = this.nodes.get(n)!;
      if (spec.kind !== 'source') for (const p of spec.parents) union(p, n);
      if (spec.kind === 'processor') {
        for (const s of spec.stores) {
          const owner = storeOwner.get(s);
          if (owner === undefined) storeOwner.set(s, n);
          else union(owner, n);
        }
      }
    }
    // Kafka numbers groups walking sorted source names first, then the remaining sorted names.
    const sources = this.order.filter((n) => this.nodes.get(n)!.kind === 'source').sort();
    const rest = this.order.filter((n) => this.nodes.get(n)!.kind !== 'source').sort();
    const rootToId = new Map<string, number>();
    for (const n of [...sources, ...rest]) {
      const r = find(n);
      if (!rootToId.has(r)) rootToId.set(r, rootToId.size);
    }
    const groups: SubtopologySpec[] = [];
    for (const [root, id] of rootToId) {
      const nodes = this.order.filter((n) => find(n) === root);
      const sourceTopics: string[] = [];
      const sourcePatterns: RegExp[] = [];
      const stores = new Set<string>();
      for (const n of nodes) {
        const spec = this.nodes.get(n)!;
        if (spec.kind === 'source') {
          sourceTopics.push(...spec.topics);
          if (spec.pattern !== null) sourcePatterns.push(spec.pattern);
        }
        if (spec.kind === 'processor') for (const s of spec.stores) stores.add(s);
      }
      groups[id] = { id, global: nodes.some((n) => this.globalNodes.has(n)), nodes, sourceTopics, sourcePatterns, stores: [...stores] };
    }
    this.cachedSubtopologies = groups;
    return groups;
  }

  describe(): TopologyDescription {
    return describeTopology(this);
  }

  private connect(parent: string, child: string): void {
    const p = this.nodes.get(parent);
    if (p === undefined) throw new TopologyError(`unknown parent node ${parent} of ${child}`);
    if (p.kind === 'sink') throw new TopologyError(`sink ${parent} cannot have children`);
    const c = this.nodes.get(child)!;
    if (c.kind === 'source') throw new TopologyError(`source ${child} cannot have parents`);
    p.children.push(child);
    c.parents.push(parent);
  }

  private add(spec: NodeSpec): void {
    this.nodes.set(spec.name, spec);
    this.order.push(spec.name);
    this.cachedSubtopologies = null;
  }

  private checkNew(name: string): void {
    if (this.nodes.has(name)) throw new TopologyError(`a node named ${name} already exists`);
  }
}
