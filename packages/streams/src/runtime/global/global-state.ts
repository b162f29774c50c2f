import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@tributary/client';
import { StreamsArgumentError } from '../../errors/streams-errors.js';
import { StreamTask, type RawRecord } from '../../processor/internals/stream-task.js';
import type { Serde } from '../../serdes/serde.js';
import type { BytesStore } from '../../state/bytes-store.js';
import { ClassicLevelBytesStore } from '../../state/persistent/classic-level-bytes-store.js';
import { isPersistentSupplier } from '../../state/persistent/persistent-key-value-store.js';
import { CheckpointFile, checkpointKey } from '../../state/restore/checkpoint-file.js';
import type { StateStore } from '../../state/state-store.js';
import { resolveKeyValueSupplier, StoreBuilder, type BytesStoreSupplier, type StoreBuildOptions } from '../../state/store-builder.js';
import type { DslStoreType } from '../../dsl/streams-config.js';
import type { Topology } from '../../topology/topology.js';
import type { StoreSpec } from '../../topology/topology-nodes.js';
import { BorrowedEngine } from '../tasks/borrowed-engine.js';

/** The task id global state reports in restoration events and logs. */
export const GLOBAL_TASK_ID = 'global';

export interface GlobalStateOptions {
  readonly topology: Topology;
  readonly applicationId: string;
  readonly appDir: string;
  readonly logger: Logger;
  readonly defaultKeySerde: Serde<unknown> | undefined;
  readonly defaultValueSerde: Serde<unknown> | undefined;
  readonly wallClock: () => number;
  /** Called when a global record cannot be deserialized; returning skips it, throwing fails. */
  readonly onDeserializationError: (raw: RawRecord, error: unknown) => void;
  /** The app's `defaultDslStore`: global tables without a supplier follow it. */
  readonly defaultDslStore?: DslStoreType;
}

/**
 * This instance's copy of every global store (Kafka's GlobalStateManager): the stores, the
 * StreamTask that runs the global sub-topologies over them, and `<appDir>/global/.checkpoint`.
 * Like Kafka, only persistent stores are checkpointed: an in-memory global store is empty in a
 * new process, so its topic is read from the beginning every start.
 */
export class GlobalState {
  readonly directory: string;
  /** Runtime names of the global source topics. */
  readonly topics: readonly string[];
  /** checkpointKey(topic, partition) → next offset of that topic the stores reflect. */
  readonly positions = new Map<string, number>();
  private readonly engines = new Map<string, BytesStore>();
  private readonly persistentTopics = new Set<string>();
  private readonly checkpoint: CheckpointFile;
  private task: StreamTask | null = null;

  constructor(private readonly o: GlobalStateOptions) {
    this.directory = join(o.appDir, 'global');
    this.checkpoint = new CheckpointFile(join(this.directory, '.checkpoint'));
    const name = (t: string): string => (o.topology.isInternalTopic(t) ? `${o.applicationId}-${t}` : t);
    const globals = o.topology.subtopologies().filter((s) => s.global);
    for (const s of globals) {
      if (s.sourcePatterns.length > 0) throw new StreamsArgumentError('a global store cannot read a topic pattern');
    }
    this.topics = [...new Set(globals.flatMap((s) => s.sourceTopics.map(name)))];
  }

  get stores(): ReadonlyMap<string, StateStore> {
    return this.task?.storeMap() ?? new Map();
  }

  get hasStores(): boolean {
    return this.topics.length > 0;
  }

  /** Opens engines (wiping persistent ones without a trustworthy checkpoint) and initializes the global task. */
  async open(): Promise<void> {
    const { topology } = this.o;
    const specs = [...topology.stores.values()].filter((s) => s.global);
    const persistent = specs.filter((s) => isPersistent(s, this.o.defaultDslStore));
    for (const spec of persistent) this.persistentTopics.add(this.topicOf(spec));
    if (persistent.length > 0) {
      let offsets: Map<string, number> | null = null;
      try {
        offsets = await this.checkpoint.read();
      } catch (error) {
        this.o.logger.warn({ error }, 'corrupt global checkpoint: wiping global state');
      }
      if (offsets === null) await rm(this.directory, { recursive: true, force: true });
      for (const [key, offset] of offsets ?? []) {
        if (this.persistentTopics.has(key.slice(0, key.lastIndexOf('\u0000')))) this.positions.set(key, offset);
      }
      for (const spec of persistent) {
        const supplier = supplierOf(spec, this.o.defaultDslStore);
        if (supplier === undefined || !isPersistentSupplier(supplier)) continue;
        const engine = supplier.at(this.directory);
        await engine.open();
        this.engines.set(spec.name, engine);
      }
    }
    const nodeNames = topology.subtopologies().filter((s) => s.global).flatMap((s) => s.nodes);
    const task = new StreamTask({
      id: { subtopology: -1, partition: -1 },
      topology,
      nodeNames,
      applicationId: this.o.applicationId,
      defaultKeySerde: this.o.defaultKeySerde,
      defaultValueSerde: this.o.defaultValueSerde,
      cacheMaxBytes: 0,
      collector: {
        send: () => {
          throw new StreamsArgumentError('a global store processor cannot forward to a sink');
        },
        partitionsFor: () => undefined,
      },
      changelogSink: { send: () => undefined }, // the source topic is the changelog
      globalStores: new Map(),
      wallClock: this.o.wallClock,
      global: true,
      buildStore: (spec, options) => this.buildStore(spec, options),
      onDeserializationError: this.o.onDeserializationError,
    });
    task.initialize();
    this.task = task;
  }

  /** Runs one record of a global topic through its global processor (which updates the store). */
  process(raw: RawRecord): void {
    this.task!.processRecord(raw);
  }

  /** Flushes stores and, for persistent ones, waits for disk and writes the checkpoint. */
  async checkpointNow(): Promise<void> {
    this.task?.commit();
    if (this.engines.size === 0) return;
    for (const e of this.engines.values()) if (e instanceof ClassicLevelBytesStore) await e.flushed();
    const entries = new Map<string, number>();
    for (const [key, offset] of this.positions) {
      if (this.persistentTopics.has(key.slice(0, key.lastIndexOf('\u0000')))) entries.set(key, offset);
    }
    await this.checkpoint.write(entries);
  }

  /** A clean close checkpoints; a dirty one deletes the checkpoint so the next start rebuilds. */
  async close(clean: boolean): Promise<void> {
    const task = this.task;
    this.task = null;
    if (task === null) return;
    if (clean) {
      this.task = task;
      await this.checkpointNow().catch((error: unknown) => this.o.logger.warn({ error }, 'global checkpoint failed'));
      this.task = null;
    } else await this.checkpoint.delete().catch(() => undefined);
    task.close();
    for (const e of this.engines.values()) {
      if (e instanceof ClassicLevelBytesStore) {
        if (clean) {
          e.close();
          await e.flushed().catch(() => undefined);
        } else await e.abandon().catch(() => undefined);
      } else if (e.isOpen()) e.close();
    }
    this.engines.clear();
  }

  /** Where a topic partition's reading starts: the checkpoint, else null (the beginning). */
  startOf(topic: string, partition: number): number | null {
    return this.positions.get(checkpointKey(topic, partition)) ?? null;
  }

  private topicOf(spec: StoreSpec): string {
    const t = spec.changelogTopic!;
    return this.o.topology.isInternalTopic(t) ? `${this.o.applicationId}-${t}` : t;
  }

  private buildStore(spec: StoreSpec, options: StoreBuildOptions): StateStore {
    const engine = this.engines.get(spec.name);
    const b = spec.builder;
    if (engine === undefined || b.constructor !== StoreBuilder) return b.build(options);
    // The same layers around the engine opened under <appDir>/global (not the supplier's default place).
    const supplier: BytesStoreSupplier = { name: spec.name, persistent: true, get: () => new BorrowedEngine(engine) };
    const clone = new StoreBuilder(supplier, b.keySerde, b.valueSerde, b.timestamped);
    clone.withLoggingDisabled();
    return clone.build(options);
  }
}

function supplierOf(spec: StoreSpec, defaultDslStore: DslStoreType | undefined): BytesStoreSupplier | undefined {
  const s = (spec.builder as { supplier?: BytesStoreSupplier }).supplier;
  return s === undefined ? undefined : resolveKeyValueSupplier(s, defaultDslStore);
}

function isPersistent(spec: StoreSpec, defaultDslStore: DslStoreType | undefined): boolean {
  const s = supplierOf(spec, defaultDslStore);
  return s !== undefined && isPersistentSupplier(s);
}
