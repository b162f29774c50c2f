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

/** A consumed record before deserialization. */
export interface RawRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers: Headers;
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
  private readonly queues = new Map<string, RawRecord[]>();
  private readonly partitionTime = new Map<string, number>();
  private readonly streamPunctuation = new PunctuationQueue();
  private readonly wallPunctuation = new PunctuationQueue();
  private readonly keySerde: Serde<unknown>;
  private readonly valueSerde: Serde<unknown>;
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

  addRecord(record: RawRecord): void {
    const key = `${record.topic}\u0000${record.partition}`;
    let q = this.queues.get(key);
    if (q === undefined) this.queues.set(key, (q = []));
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
    const source = this.sourceFor(raw.topic);
    if (source === undefined) return;
    const node = this.nodes.get(source.name)!;
    const keySerde = this.serde(source.keySerde, true);
    const valueSerde = this.serde(source.valueSerde, false);
    let key: unknown;
    let value: unknown;
    if (this.options.onDeserializationError === undefined) {
      key = keySerde.deserialize(raw.topic, raw.key, raw.headers);
      value = valueSerde.deserialize(raw.topic, raw.value, raw.headers);
    } else {
      try {
        key = keySerde.deserialize(raw.topic, raw.key, raw.headers);
        value = valueSerde.deserialize(raw.topic, raw.value, raw.headers);
      } catch (error) {
        this.options.onDeserializationError(raw, error);
        return;
      }
    }
    const pKey = `${raw.topic}\u0000${raw.partition}`;
    const partitionTime = this.partitionTime.get(pKey) ?? -1;
    const ts = source.timestampExtractor === undefined
      ? raw.timestamp
      : source.timestampExtractor({ key, value, timestamp: raw.timestamp, topic: raw.topic }, partitionTime);
    if (ts < 0) return; // invalid timestamps are skipped, as Kafka's record queue does
    this.partitionTime.set(pKey, Math.max(partitionTime, ts));
    if (ts > this.time) this.time = ts;
    this.metadata = { topic: raw.topic, partition: raw.partition, offset: raw.offset };
    try {
      node.forward(new Record(key, value, ts, raw.headers));
    } finally {
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
    const topic = typeof spec.topic === 'string'
      ? this.topicName(spec.topic)
      : spec.topic(record.key, record.value, { topic: this.metadata?.topic ?? null, timestamp: record.timestamp });
    const keySerde = this.serde(spec.keySerde, true);
    const valueSerde = this.serde(spec.valueSerde, false);
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
