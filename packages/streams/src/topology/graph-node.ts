import type { KTableSourceSupplier } from '../processor/ops/ktable-source.js';
import { passThrough } from '../processor/ops/pass-through.js';
import type { ProcessorSupplier } from '../processor/processor.js';
import type { TimestampExtractor } from '../processor/timestamp-extractor.js';
import type { Serde } from '../serdes/serde.js';
import type { StoreBuilder } from '../state/store-builder.js';
import type { Topology } from './topology.js';
import type { StreamPartitioner, TopicNameExtractor } from './topology-nodes.js';

export interface CompileContext {
  readonly topology: Topology;
  readonly reuseSourceTopics: boolean;
  /** Store connections are applied after every node and store exists. */
  readonly connections: { processor: string; stores: string[] }[];
  readonly copartition: string[][];
}

/** A node of the logical graph the DSL builds; `write` lowers it into the physical topology. */
export abstract class GraphNode {
  readonly parents: GraphNode[] = [];
  readonly children: GraphNode[] = [];
  priority = 0;
  keyChanging = false;
  mergeNode = false;

  constructor(readonly name: string) {}

  /** The physical node downstream nodes attach to. */
  get attachName(): string {
    return this.name;
  }

  addChild(child: GraphNode): void {
    if (!this.children.includes(child)) this.children.push(child);
    if (!child.parents.includes(this)) child.parents.push(this);
  }

  removeChild(child: GraphNode): void {
    const i = this.children.indexOf(child);
    if (i >= 0) this.children.splice(i, 1);
    const j = child.parents.indexOf(this);
    if (j >= 0) child.parents.splice(j, 1);
  }

  protected parentNames(): string[] {
    return this.parents.map((p) => p.attachName);
  }

  abstract write(ctx: CompileContext): void;
}

export class StreamSourceNode extends GraphNode {
  constructor(
    name: string,
    readonly topics: readonly string[] | RegExp,
    readonly keySerde: Serde<unknown> | undefined,
    readonly valueSerde: Serde<unknown> | undefined,
    readonly timestampExtractor: TimestampExtractor | undefined,
  ) {
    super(name);
  }
  write(ctx: CompileContext): void {
    ctx.topology.addSource(this.name, this.topics, {
      ...(this.keySerde !== undefined ? { keySerde: this.keySerde } : {}),
      ...(this.valueSerde !== undefined ? { valueSerde: this.valueSerde } : {}),
      ...(this.timestampExtractor !== undefined ? { timestampExtractor: this.timestampExtractor } : {}),
    });
  }
}

export class ProcessorGraphNode extends GraphNode {
  constructor(
    name: string,
    readonly supplier: ProcessorSupplier<unknown, unknown, unknown, unknown>,
    /** Stores this node owns (added with it), evaluated at compile time. */
    readonly ownedStores: () => StoreBuilder<unknown, unknown>[] = () => [],
    /** Stores it reads but does not own (value getters, user stores). */
    readonly connectedStores: () => string[] = () => [],
    /** Source-node name groups that must be co-partitioned (joins). */
    readonly copartitionSources: () => string[] = () => [],
  ) {
    super(name);
  }
  write(ctx: CompileContext): void {
    ctx.topology.addProcessor(this.name, this.supplier, ...this.parentNames());
    for (const b of this.ownedStores()) ctx.topology.addStateStore(b, this.name);
    const connected = this.connectedStores();
    if (connected.length > 0) ctx.connections.push({ processor: this.name, stores: connected });
    const co = this.copartitionSources();
    if (co.length > 0) ctx.copartition.push(co);
  }
}

export class TableSourceNode extends GraphNode {
  constructor(
    readonly sourceName: string,
    name: string,
    readonly topic: string,
    readonly keySerde: Serde<unknown> | undefined,
    readonly valueSerde: Serde<unknown> | undefined,
    readonly timestampExtractor: TimestampExtractor | undefined,
    readonly supplier: KTableSourceSupplier<unknown, unknown>,
    readonly storeBuilder: () => StoreBuilder<unknown, unknown>,
  ) {
    super(name);
  }
  write(ctx: CompileContext): void {
    const t = ctx.topology;
    t.addSource(this.sourceName, [this.topic], {
      ...(this.keySerde !== undefined ? { keySerde: this.keySerde } : {}),
      ...(this.valueSerde !== undefined ? { valueSerde: this.valueSerde } : {}),
      ...(this.timestampExtractor !== undefined ? { timestampExtractor: this.timestampExtractor } : {}),
    });
    t.addProcessor(this.name, this.supplier.get as ProcessorSupplier<unknown, unknown, unknown, unknown>, this.sourceName);
    if (this.supplier.materialized) {
      const b = this.storeBuilder();
      t.addStateStore(b, this.name);
      if (ctx.reuseSourceTopics && b.loggingEnabled) t.useSourceTopicAsChangelog(b.name, this.topic);
    }
  }
}

export class GlobalTableNode extends GraphNode {
  constructor(
    readonly sourceName: string,
    name: string,
    readonly topic: string,
    readonly keySerde: Serde<unknown> | undefined,
    readonly valueSerde: Serde<unknown> | undefined,
    readonly supplier: KTableSourceSupplier<unknown, unknown>,
    readonly storeBuilder: StoreBuilder<unknown, unknown>,
  ) {
    super(name);
  }
  write(ctx: CompileContext): void {
    ctx.topology.addGlobalStore(
      this.storeBuilder,
      this.sourceName,
      this.topic,
      {
        ...(this.keySerde !== undefined ? { keySerde: this.keySerde } : {}),
        ...(this.valueSerde !== undefined ? { valueSerde: this.valueSerde } : {}),
      },
      this.name,
      this.supplier.get as ProcessorSupplier<unknown, unknown, unknown, unknown>,
    );
  }
}

export class SinkGraphNode extends GraphNode {
  constructor(
    name: string,
    readonly topic: string | TopicNameExtractor<unknown, unknown>,
    readonly keySerde: Serde<unknown> | undefined,
    readonly valueSerde: Serde<unknown> | undefined,
    readonly partitioner: StreamPartitioner<unknown, unknown> | undefined,
  ) {
    super(name);
  }
  write(ctx: CompileContext): void {
    ctx.topology.addSink(
      this.name,
      this.topic,
      {
        ...(this.keySerde !== undefined ? { keySerde: this.keySerde } : {}),
        ...(this.valueSerde !== undefined ? { valueSerde: this.valueSerde } : {}),
        ...(this.partitioner !== undefined ? { partitioner: this.partitioner } : {}),
      },
      ...this.parentNames(),
    );
  }
}

/** Write to and read back from `<topic>`: lowers to filter → sink, and a new source (a new sub-topology). */
export class RepartitionGraphNode extends GraphNode {
  constructor(
    readonly topic: string,
    readonly sinkName: string,
    readonly filterName: string,
    readonly sourceName: string,
    readonly keySerde: Serde<unknown> | undefined,
    readonly valueSerde: Serde<unknown> | undefined,
    readonly partitions: number | undefined,
    readonly partitioner: StreamPartitioner<unknown, unknown> | undefined,
    /** Only repartitions made for grouping and joins may be merged by the optimizer. */
    readonly optimizable: boolean,
  ) {
    super(topic);
  }
  /** KGroupedTable's repartition writes straight to the sink, with no filter node. */
  skipFilter = false;

  override get attachName(): string {
    return this.sourceName;
  }
  write(ctx: CompileContext): void {
    const t = ctx.topology;
    if (!this.skipFilter) t.addProcessor(this.filterName, passThrough(), ...this.parentNames());
    t.addInternalTopic(this.topic, this.partitions);
    t.addSink(
      this.sinkName,
      this.topic,
      {
        ...(this.keySerde !== undefined ? { keySerde: this.keySerde } : {}),
        ...(this.valueSerde !== undefined ? { valueSerde: this.valueSerde } : {}),
        ...(this.partitioner !== undefined ? { partitioner: this.partitioner } : {}),
      },
      ...(this.skipFilter ? this.parentNames() : [this.filterName]),
    );
    t.addSource(this.sourceName, [this.topic], {
      ...(this.keySerde !== undefined ? { keySerde: this.keySerde } : {}),
      ...(this.valueSerde !== undefined ? { valueSerde: this.valueSerde } : {}),
    });
  }
}

/** A store added with `StreamsBuilder.addStateStore`, connected later by processors. */
export class StateStoreNode extends GraphNode {
  constructor(readonly builder: StoreBuilder<unknown, unknown>) {
    super(`STATE-STORE:${builder.name}`);
  }
  write(ctx: CompileContext): void {
    ctx.topology.addStateStore(this.builder);
  }
}
