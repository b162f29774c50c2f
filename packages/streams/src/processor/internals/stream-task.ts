import { SerializationError } from '../../errors/streams-errors.js';
import { resolveSerde, type Serde } from '../../serdes/serde.js';
import type { ChangelogSink } from '../../state/changelog-sink.js';
import type { StateStore, StateStoreContext } from '../../state/state-store.js';
import type { StoreBuildOptions } from '../../state/store-builder.js';
import type { Topology } from '../../topology/topology.js';
import type { SinkNodeSpec, SourceNodeSpec, StoreSpec } from '../../topology/topology-nodes.js';
import type { Headers } from '../headers.js';
import type { TaskId } from '../processor-context.js';
import type { Cancellable, PunctuationType, Punctuator } from '../punctuation.js';
import { Record } from '../record.js';
import type { RecordMetadata } from '../record-metadata.js';
import { PunctuationQueue } from './punctuation-queue.js';
import { RuntimeNode, type TaskServices } from './processor-node.js';
import type { RecordCollector } from './record-collector.js';

/** A fetched record of a known partition, before deserialization (a client's ConsumedRecord fits). */
export interface InputRecord {
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers: Headers;
}

/** A consumed record before deserialization. */
export interface RawRecord extends InputRecord {
  readonly topic: string;
  readonly partition: number;
}

/** Where a topic's records enter the task: its source node and resolved serdes. */
export interface SourceRoute {
  readonly spec: SourceNodeSpec;
  readonly node: RuntimeNode;
  readonly keySerde: Serde<unknown>;
  readonly valueSerde: Serde<unknown>;
}

/**
 * One input partition's routing and partition time. The runtime resolves it once per partition
 * and hands it in with each record, so the per-record path builds no lookup strings.
 */
export interface InputPartition {
  readonly topic: string;
  readonly partition: number;
  /** @internal null when no source node reads the topic (its records are skipped). */
  readonly route: SourceRoute | null;
  /** @internal largest timestamp seen in this partition, -1 before any. */
  time: number;
}

/** A sink node's resolved topic (when fixed) and serdes, so sending builds no topic string per record. */
interface SinkRoute {
  readonly topic: string | null;
  readonly keySerde: Serde<unknown>;
  readonly valueSerde: Serde<unknown>;
}

export interface StreamTaskOptions {
  readonly id: TaskId;
  readonly topology: Topology;
  /** The nodes this task runs (one or more sub-topologies). */
  readonly nodeNames: readonly string[];
  readonly applicationId: string;
  readonly defaultKeySerde: Serde<unknown> | undefined;
  readonly defaultValueSerde: Serde<unknown> | undefined;
  readonly cacheMaxBytes: number;
  readonly collector: RecordCollector;
  readonly changelogSink: ChangelogSink;
  readonly globalStores: ReadonlyMap<string, StateStore>;
  readonly wallClock: () => number;
  /** A global task builds and updates the global stores. */
  readonly global?: boolean;
  /** Runtime hook: builds a store (to place persistent engines per task and reach engines for restoration). */
  readonly buildStore?: (spec: StoreSpec, options: StoreBuildOptions) => StateStore;
  /**
   * Runtime hook: called when a record's key or value cannot be deserialized; returning skips the
   * record, throwing fails the task. Without it the deserialization error propagates.
   */
  readonly onDeserializationError?: (raw: RawRecord, error: unknown) => void;
}

const missingSerde = (what: string): Serde<unknown> => ({
  serialize: () => {
    throw new SerializationError(`no ${what} serde: pass one to the operator or set a default in the config`);
  },
  deserialize: () => {
    throw new SerializationError(`no ${what} serde: pass one to the operator or set a default in the config`);
  },
});

/**
 * Runs a set of nodes for one partition: queues input records, processes them in timestamp
 * order, tracks stream time, punctuates, and flushes stores on commit.
 */
export class StreamTask implements TaskServices {
  readonly applicationId: string;
  readonly taskId: TaskId;
  private readonly nodes = new Map<string, RuntimeNode>();
  private readonly stores = new Map<string, StateStore>();
  private readonly sources: { spec: SourceNodeSpec; node: RuntimeNode }[] = [];
  /** Queued records per input partition (only the test driver queues here). */
  private readonly queues = new Map<InputPartition, RawRecord[]>();
  /** topic → partition → its InputPartition. */
  private readonly inputs = new Map<string, Map<number, InputPartition>>();
  private readonly sinkRoutes = new Map<SinkNodeSpec, SinkRoute>();
  private readonly streamPunctuation = new PunctuationQueue();
  private readonly wallPunctuation = new PunctuationQueue();
  private readonly keySerde: Serde<unknown>;
  private readonly valueSerde: Serde<unknown>;
  /** The record being processed (its partition and offset), null outside processInput. */
  private current: InputPartition | null = null;
  private currentOffset = -1;
  /** recordMetadata() of the current record, built on first ask: most records never need one. */
  private metadata: RecordMetadata | null = null;
  private currentTs = -1;
  private time = -1;
  private commitRequested = false;

  constructor(private readonly options: StreamTaskOptions) {
    this.applicationId = options.applicationId;
    this.taskId = options.id;
    this.keySerde = options.defaultKeySerde ?? missingSerde('key');
    this.valueSerde = options.defaultValueSerde ?? missingSerde('value');
    const { topology } = options;
    for (const name of options.nodeNames) this.nodes.set(name, new RuntimeNode(topology.nodes.get(name)!, this));
    for (const name of options.nodeNames) {
      const spec = topology.nodes.get(name)!;
      const node = this.nodes.get(name)!;
      if (spec.kind !== 'sink') for (const c of spec.children) node.addChild(this.nodes.get(c)!);
      if (spec.kind === 'source') this.sources.push({ spec, node });
      if (spec.kind === 'processor') {
        for (const s of spec.stores) {
          const storeSpec = topology.stores.get(s)!;
          if (storeSpec.global !== (options.global === true) || this.stores.has(s)) continue;
          const changelog = storeSpec.changelogTopic === null || storeSpec.changelogIsSourceTopic
            ? null
            : `${this.applicationId}-${storeSpec.changelogTopic}`;
          const buildOptions = { changelogTopic: changelog, cacheMaxBytes: options.cacheMaxBytes };
          this.stores.set(s, options.buildStore?.(storeSpec, buildOptions) ?? storeSpec.builder.build(buildOptions));
        }
      }
    }
  }

  /** Opens stores, then creates and initializes processors parents-first. */
  initialize(): void {
    const task = this;
    const storeContext: StateStoreContext = {
      applicationId: this.applicationId,
      partition: this.taskId.partition,
      defaultKeySerde: this.keySerde,
      defaultValueSerde: this.valueSerde,
      changelogSink: this.options.changelogSink,
      currentTimestamp: () => task.currentTs,
    };
    for (const s of this.stores.values()) s.init(storeContext);
    for (const node of this.nodes.values()) {
      if (node.spec.kind !== 'processor') continue;
      node.processor = node.spec.supplier();
      node.processor.init?.(node);
    }
  }

  /** The runtime name of a topology topic: internal topics get the application id prefix. */
  topicName(topic: string): string {
    return this.options.topology.isInternalTopic(topic) ? `${this.applicationId}-${topic}` : topic;
  }

  /** The source node that reads a runtime topic name, if any. */
  sourceFor(topic: string): SourceNodeSpec | undefined {
    for (const { spec } of this.sources) {
      if (spec.topics.some((t) => this.topicName(t) === topic)) return spec;
      if (spec.pattern !== null && spec.pattern.test(topic)) return spec;
    }
    return undefined;
  }

  /** The routing and time state of one input partition, created on first use. */
  inputPartition(topic: string, partition: number): InputPartition {
    let byPartition = this.inputs.get(topic);
    if (byPartition === undefined) this.inputs.set(topic, (byPartition = new Map()));
    let input = byPartition.get(partition);
    if (input === undefined) {
      const spec = this.sourceFor(topic);
      const route = spec === undefined
        ? null
        : { spec, node: this.nodes.get(spec.name)!, keySerde: this.serde(spec.keySerde, true), valueSerde: this.serde(spec.valueSerde, false) };
      byPartition.set(partition, (input = { topic, partition, route, time: -1 }));
    }
    return input;
  }

  addRecord(record: RawRecord): void {
    const input = this.inputPartition(record.topic, record.partition);
    let q = this.queues.get(input);
    if (q === undefined) this.queues.set(input, (q = []));
    q.push(record);
  }

  hasQueued(): boolean {
    for (const q of this.queues.values()) if (q.length > 0) return true;
    return false;
  }

  /** Processes the queued record with the smallest head timestamp; false if nothing was queued. */
  process(): boolean {
    let best: RawRecord[] | null = null;
    for (const q of this.queues.values()) {
      if (q.length > 0 && (best === null || q[0]!.timestamp < best[0]!.timestamp)) best = q;
    }
    if (best === null) return false;
    this.processRecord(best.shift()!);
    return true;
  }

  /** Processes one record now, bypassing the queues (the runtime orders records itself). */
  processRecord(raw: RawRecord): void {
    this.processInput(this.inputPartition(raw.topic, raw.partition), raw);
  }

  /** Processes one fetched record of `input` (from inputPartition) as it came from the consumer. */
  processInput(input: InputPartition, raw: InputRecord): void {
    const route = input.route;
    if (route === null) return;
    const topic = input.topic;
    let key: unknown;
    let value: unknown;
    if (this.options.onDeserializationError === undefined) {
      key = route.keySerde.deserialize(topic, raw.key, raw.headers);
      value = route.valueSerde.deserialize(topic, raw.value, raw.headers);
    } else {
      try {
        key = route.keySerde.deserialize(topic, raw.key, raw.headers);
        value = route.valueSerde.deserialize(topic, raw.value, raw.headers);
      } catch (error) {
        this.options.onDeserializationError(toRawRecord(input, raw), error);
        return;
      }
    }
    const extractor = route.spec.timestampExtractor;
    const ts = extractor === undefined ? raw.timestamp : extractor({ key, value, timestamp: raw.timestamp, topic }, input.time);
    if (ts < 0) return; // invalid timestamps are skipped, as Kafka's record queue does
    if (ts > input.time) input.time = ts;
    if (ts > this.time) this.time = ts;
    this.current = input;
    this.currentOffset = raw.offset;
    try {
      route.node.forward(new Record(key, value, ts, raw.headers));
    } finally {
      this.current = null;
      this.metadata = null;
    }
  }

  /** Restores stream time (from committed offset metadata) after a restart or migration. */
  initStreamTime(ts: number): void {
    if (ts > this.time) this.time = ts;
  }

  /** The stores this task built, by name. */
  storeMap(): ReadonlyMap<string, StateStore> {
    return this.stores;
  }

  maybePunctuateStreamTime(): boolean {
    if (this.time < 0) return false;
    return this.streamPunctuation.mayPunctuate(this.time);
  }

  maybePunctuateSystemTime(): boolean {
    return this.wallPunctuation.mayPunctuate(this.options.wallClock());
  }

  /** Flushes caches (which may forward and produce) and stores. */
  commit(): void {
    for (const s of this.stores.values()) s.flush();
    this.commitRequested = false;
  }

  get commitNeeded(): boolean {
    return this.commitRequested;
  }

  close(): void {
    for (const node of this.nodes.values()) node.processor?.close?.();
    for (const s of this.stores.values()) s.close();
  }

  getStore(name: string): StateStore | undefined {
    return this.stores.get(name);
  }

  private readonly resolved = new Map<Serde<unknown>, Serde<unknown>>();
  private serde(s: Serde<unknown> | undefined, isKey: boolean): Serde<unknown> {
    if (s === undefined) return isKey ? this.keySerde : this.valueSerde;
    let r = this.resolved.get(s);
    if (r === undefined) this.resolved.set(s, (r = resolveSerde(s, s, [this.keySerde, this.valueSerde])));
    return r;
  }

  // ---- TaskServices ----
  recordMetadata(): RecordMetadata | null {
    // A fresh object per record (never reused), so metadata a processor keeps stays true.
    if (this.metadata === null && this.current !== null) {
      this.metadata = { topic: this.current.topic, partition: this.current.partition, offset: this.currentOffset };
    }
    return this.metadata;
  }
  streamTime(): number {
    return this.time;
  }
  wallClockTime(): number {
    return this.options.wallClock();
  }
  store(name: string): StateStore | undefined {
    return this.stores.get(name);
  }
  globalStore(name: string): StateStore | undefined {
    return this.options.globalStores.get(name);
  }
  setCurrentTimestamp(ts: number): number {
    const prev = this.currentTs;
    this.currentTs = ts;
    return prev;
  }
  requestCommit(): void {
    this.commitRequested = true;
  }

  schedule(node: RuntimeNode, interval: number, type: PunctuationType, punctuator: Punctuator): Cancellable {
    const run = (p: Punctuator, time: number): void => {
      const prev = this.setCurrentTimestamp(time);
      try {
        p(time);
      } finally {
        this.setCurrentTimestamp(prev);
      }
    };
    void node;
    if (type === 'STREAM_TIME') return this.streamPunctuation.schedule(0, interval, punctuator, run);
    return this.wallPunctuation.schedule(this.options.wallClock() + interval, interval, punctuator, run);
  }

  sink(node: RuntimeNode, record: Record<unknown, unknown>): void {
    const spec = node.spec as SinkNodeSpec;
    let route = this.sinkRoutes.get(spec);
    if (route === undefined) {
      const fixed = typeof spec.topic === 'string' ? this.topicName(spec.topic) : null;
      this.sinkRoutes.set(spec, (route = { topic: fixed, keySerde: this.serde(spec.keySerde, true), valueSerde: this.serde(spec.valueSerde, false) }));
    }
    const topic = typeof spec.topic === 'string'
      ? route.topic!
      : spec.topic(record.key, record.value, { topic: this.current?.topic ?? null, timestamp: record.timestamp });
    const { keySerde, valueSerde } = route;
    let partition: number | undefined;
    if (spec.partitioner !== undefined) {
      const n = this.options.collector.partitionsFor(topic) ?? 1;
      partition = spec.partitioner(topic, record.key, record.value, n);
    }
    this.options.collector.send({
      topic,
      partition,
      key: keySerde.serialize(topic, record.key, record.headers),
      value: valueSerde.serialize(topic, record.value, record.headers),
      timestamp: record.timestamp,
      headers: record.headers,
    });
  }
}

function toRawRecord(input: InputPartition, r: InputRecord): RawRecord {
  return { topic: input.topic, partition: input.partition, offset: r.offset, key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers };
}
