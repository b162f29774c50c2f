import { StreamsArgumentError } from '../errors/streams-errors.js';
import { DEFAULT_CACHE_MAX_BYTES, resolveDslStoreType, type StreamsConfig } from '../dsl/streams-config.js';
import type { Headers } from '../processor/headers.js';
import { StreamTask, type RawRecord } from '../processor/internals/stream-task.js';
import type { Serde } from '../serdes/serde.js';
import type { ChangelogRecord } from '../state/changelog-sink.js';
import type { KeyValueStore, TimestampedKeyValueStore } from '../state/key-value-store.js';
import type { StateStore } from '../state/state-store.js';
import type { SessionStore } from '../state/session/session-store.js';
import type { ValueAndTimestamp } from '../state/value-and-timestamp.js';
import type { WindowStore } from '../state/window/window-store.js';
import type { StoreBuildOptions } from '../state/store-builder.js';
import type { StoreSpec } from '../topology/topology-nodes.js';
import type { Topology } from '../topology/topology.js';
import { DiskDriverStores, InMemoryDriverStores, type DriverStores } from './driver-stores.js';
import { TestInputTopic } from './test-input-topic.js';
import { TestOutputTopic, type CapturedRecord } from './test-output-topic.js';

export interface TestDriverConfig extends Partial<StreamsConfig> {
  readonly applicationId?: string;
  /**
   * Only for `TopologyTestDriver.create`: where persistent stores live
   * (`<stateDir>/<applicationId>/0_0`, `/global`). Default: a temporary directory removed on
   * `close()`; a directory given here is left in place.
   */
  readonly stateDir?: string;
}

type DriverConstructor = new (topology: Topology, config: TestDriverConfig, initialWallClockTimeMs: number, stores: DriverStores) => TopologyTestDriver;

/**
 * Runs a topology synchronously with no cluster: every input topic has one partition, all
 * sub-topologies run in one task (0_0), records written to topics the topology reads are fed
 * back at once, and after every processed record the driver punctuates stream time and commits.
 *
 * `new TopologyTestDriver(...)` keeps every store in memory (a persistent supplier gets the
 * in-memory store of the same kind); `await TopologyTestDriver.create(...)` opens persistent
 * stores (and, under `defaultDslStore: 'persistent'`, the DSL's default stores) on disk.
 */
export class TopologyTestDriver {
  /**
   * A driver whose persistent stores run on classic-level (LevelDB) in a temporary directory
   * (or `config.stateDir`), honouring `defaultDslStore` like the runtime. Opening LevelDB is
   * asynchronous, hence the factory; `await driver.close()` closes the files.
   */
  static async create(topology: Topology, config: TestDriverConfig = {}, initialWallClockTimeMs = 0): Promise<TopologyTestDriver> {
    const defaultDslStore = resolveDslStoreType(config.defaultDslStore);
    const stores = await DiskDriverStores.open(topology, config.applicationId ?? 'test-app', config.stateDir, defaultDslStore);
    try {
      return new (TopologyTestDriver as unknown as DriverConstructor)(topology, config, initialWallClockTimeMs, stores);
    } catch (error) {
      await stores.close().catch(() => undefined);
      throw error;
    }
  }

  private readonly task: StreamTask;
  private readonly globalTask: StreamTask | null;
  private readonly globalStores = new Map<string, StateStore>();
  private readonly outputs = new Map<string, CapturedRecord[]>();
  private readonly pending: RawRecord[] = [];
  private readonly offsets = new Map<string, number>();
  private readonly changelog: ChangelogRecord[] = [];
  private wallClock: number;
  private readonly applicationId: string;
  private readonly stores: DriverStores;
  private closed = false;

  constructor(topology: Topology, config?: TestDriverConfig, initialWallClockTimeMs?: number);
  constructor(topology: Topology, config: TestDriverConfig = {}, initialWallClockTimeMs = 0, stores?: DriverStores) {
    resolveDslStoreType(config.defaultDslStore); // the runtime's check and typed error
    this.stores = stores ?? new InMemoryDriverStores();
    this.applicationId = config.applicationId ?? 'test-app';
    this.wallClock = initialWallClockTimeMs;
    const collector = {
      send: (r: { topic: string; partition: number | undefined; key: Buffer | null; value: Buffer | null; timestamp: number; headers: Headers }) => this.capture(r),
      partitionsFor: () => 1,
    };
    const changelogSink = {
      send: (r: ChangelogRecord) => {
        this.changelog.push(r);
        this.queueFor(r.topic).push({ key: r.key, value: r.value, timestamp: r.timestamp, headers: [], partition: r.partition });
      },
    };
    const common = {
      applicationId: this.applicationId,
      defaultKeySerde: config.defaultKeySerde,
      defaultValueSerde: config.defaultValueSerde,
      cacheMaxBytes: config.cacheMaxBytes ?? DEFAULT_CACHE_MAX_BYTES,
      collector,
      changelogSink,
      globalStores: this.globalStores,
      wallClock: () => this.wallClock,
      buildStore: (spec: StoreSpec, options: StoreBuildOptions) => this.stores.build(spec, options),
    };
    const subs = topology.subtopologies();
    const globalNodes = subs.filter((s) => s.global).flatMap((s) => s.nodes);
    if (globalNodes.length > 0) {
      this.globalTask = new StreamTask({ ...common, id: { subtopology: -1, partition: 0 }, topology, nodeNames: globalNodes, cacheMaxBytes: 0, global: true });
      for (const [name, spec] of topology.stores) if (spec.global) this.globalStores.set(name, this.globalTask.getStore(name)!);
      this.globalTask.initialize();
    } else this.globalTask = null;
    const taskNodes = subs.filter((s) => !s.global).flatMap((s) => s.nodes);
    this.task = new StreamTask({ ...common, id: { subtopology: 0, partition: 0 }, topology, nodeNames: taskNodes });
    this.task.initialize();
  }

  createInputTopic<K, V>(name: string, keySerde: Serde<K>, valueSerde: Serde<V>, options: { startTimestamp?: number; autoAdvanceMs?: number } = {}): TestInputTopic<K, V> {
    if (this.task.sourceFor(name) === undefined && this.globalTask?.sourceFor(name) === undefined) {
      throw new StreamsArgumentError(`topic ${name} is not an input of this topology`);
    }
    return new TestInputTopic(this, name, keySerde, valueSerde, options.startTimestamp ?? this.wallClock, options.autoAdvanceMs ?? 0);
  }

  createOutputTopic<K, V>(name: string, keySerde: Serde<K>, valueSerde: Serde<V>): TestOutputTopic<K, V> {
    return new TestOutputTopic(this.queueFor(name), name, keySerde, valueSerde);
  }

  /** Names of all topics the topology has written to (sinks, repartition and changelog topics). */
  producedTopicNames(): string[] {
    return [...this.outputs.entries()].filter(([, q]) => q.length > 0).map(([t]) => t);
  }

  /** Every changelog write so far, in order. */
  changelogRecords(): readonly ChangelogRecord[] {
    return this.changelog;
  }

  advanceWallClockTime(ms: number): void {
    if (ms < 0) throw new StreamsArgumentError('advanceWallClockTime must not be negative');
    this.wallClock += ms;
    this.globalTask?.maybePunctuateSystemTime();
    if (this.task.maybePunctuateSystemTime()) this.commitTask();
    this.drain();
  }

  getStateStore(name: string): StateStore | undefined {
    return this.task.getStore(name) ?? this.globalStores.get(name);
  }

  getKeyValueStore<K, V>(name: string): KeyValueStore<K, V> | undefined {
    return this.getStateStore(name) as KeyValueStore<K, V> | undefined;
  }

  getTimestampedKeyValueStore<K, V>(name: string): TimestampedKeyValueStore<K, V> | undefined {
    return this.getStateStore(name) as TimestampedKeyValueStore<K, V> | undefined;
  }

  getWindowStore<K, V>(name: string): WindowStore<K, V> | undefined {
    return this.getStateStore(name) as WindowStore<K, V> | undefined;
  }

  /** DSL windowed aggregations keep `{ value, timestamp }` per window. */
  getTimestampedWindowStore<K, V>(name: string): WindowStore<K, ValueAndTimestamp<V>> | undefined {
    return this.getStateStore(name) as WindowStore<K, ValueAndTimestamp<V>> | undefined;
  }

  getSessionStore<K, V>(name: string): SessionStore<K, V> | undefined {
    return this.getStateStore(name) as SessionStore<K, V> | undefined;
  }

  /**
   * Closes the tasks and their stores. The promise matters only for a driver from `create()`:
   * it resolves once the persistent stores' files are written and closed.
   */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.task.close();
    this.globalTask?.close();
    return this.stores.close();
  }

  /** @internal used by TestInputTopic */
  pipeRaw(topic: string, key: Buffer | null, value: Buffer | null, timestamp: number, headers: Headers): void {
    const raw: RawRecord = { topic, partition: 0, offset: this.nextOffset(topic), key, value, timestamp, headers };
    if (this.globalTask?.sourceFor(topic) !== undefined) {
      this.globalTask.addRecord(raw);
      while (this.globalTask.process()) {
        this.globalTask.commit();
        this.stores.afterCommit();
      }
      return;
    }
    this.pending.push(raw);
    this.drain();
  }

  private drain(): void {
    while (this.pending.length > 0) {
      this.task.addRecord(this.pending.shift()!);
      while (this.task.process()) {
        this.task.maybePunctuateStreamTime();
        this.commitTask();
      }
    }
  }

  private commitTask(): void {
    this.task.commit();
    this.stores.afterCommit();
  }

  private capture(r: { topic: string; partition: number | undefined; key: Buffer | null; value: Buffer | null; timestamp: number; headers: Headers }): void {
    this.queueFor(r.topic).push({ key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers, partition: r.partition });
    // Topics the topology reads itself (repartition or user topics) are fed back in order.
    if (this.task.sourceFor(r.topic) !== undefined) {
      this.pending.push({ topic: r.topic, partition: 0, offset: this.nextOffset(r.topic), key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers });
    }
  }

  private nextOffset(topic: string): number {
    const o = this.offsets.get(topic) ?? 0;
    this.offsets.set(topic, o + 1);
    return o;
  }

  private queueFor(topic: string): CapturedRecord[] {
    let q = this.outputs.get(topic);
    if (q === undefined) this.outputs.set(topic, (q = []));
    return q;
  }
}
