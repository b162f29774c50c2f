import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DslStoreType } from '../dsl/streams-config.js';
import type { BytesStore } from '../state/bytes-store.js';
import { ClassicLevelBytesStore } from '../state/persistent/classic-level-bytes-store.js';
import { isPersistentSupplier } from '../state/persistent/persistent-key-value-store.js';
import { isPersistentStateStore, type PersistentStateStore } from '../state/persistent/persistent-state-store.js';
import { SessionStoreBuilder } from '../state/session/session-store-builder.js';
import type { StateStore } from '../state/state-store.js';
import { resolveKeyValueSupplier, StoreBuilder, Stores, type StoreBuildOptions } from '../state/store-builder.js';
import { OuterJoinStoreBuilder } from '../state/window/outer-join-store.js';
import { WindowStoreBuilder } from '../state/window/window-store-builder.js';
import type { StoreSpec } from '../topology/topology-nodes.js';
import type { Topology } from '../topology/topology.js';

type AnyBuilder = StoreSpec['builder'];

/** How the test driver makes the stores of its tasks. */
export interface DriverStores {
  build(spec: StoreSpec, options: StoreBuildOptions): StateStore;
  /** After each commit (stores are flushed): persistent stores write what the flush sealed. */
  afterCommit(): void;
  /** After the tasks closed their stores: releases files (and a temporary directory). */
  close(): Promise<void>;
}

/**
 * The synchronous driver's stores: every store in memory. A persistent supplier gets the
 * in-memory engine of the same kind (key-value, window, session, outer-join), which runs the same
 * code: the persistent stores are the in-memory stores' logic over LevelDB, and a LevelDB store
 * can only be opened asynchronously. `defaultDslStore` is validated and has no effect here.
 */
export class InMemoryDriverStores implements DriverStores {
  build(spec: StoreSpec, options: StoreBuildOptions): StateStore {
    return inMemoryCounterpart(spec.builder).build(options);
  }
  afterCommit(): void {}
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** The same recipe with an in-memory engine, or the recipe itself when it builds in memory already. */
export function inMemoryCounterpart(b: AnyBuilder): AnyBuilder {
  const copyFlags = <T extends { withLoggingDisabled(): T; withCachingEnabled(): T }>(clone: T): T => {
    if (!b.loggingEnabled) clone.withLoggingDisabled();
    if (b.cachingEnabled) clone.withCachingEnabled();
    return clone;
  };
  if (b.constructor === StoreBuilder && isPersistentSupplier(b.supplier)) {
    return copyFlags(new StoreBuilder(Stores.inMemoryKeyValueStore(b.name), b.keySerde, b.valueSerde, b.timestamped));
  }
  const anyB: unknown = b;
  if (anyB instanceof WindowStoreBuilder && anyB.storeSupplier?.persistent === true) {
    const w = anyB as WindowStoreBuilder<unknown, unknown>;
    const supplier = { ...w.storeSupplier!, persistent: false };
    return copyFlags(new WindowStoreBuilder(w.name, w.retentionMs, w.windowSizeMs, w.retainDuplicates, w.keySerde, w.valueSerde, w.timestamped, w.deferSegmentDrop, supplier)) as unknown as AnyBuilder;
  }
  if (anyB instanceof SessionStoreBuilder && anyB.storeSupplier?.persistent === true) {
    const s = anyB as SessionStoreBuilder<unknown, unknown>;
    const supplier = { ...s.storeSupplier!, persistent: false };
    return copyFlags(new SessionStoreBuilder(s.name, s.retentionMs, s.keySerde, s.valueSerde, s.deferSegmentDrop, supplier)) as unknown as AnyBuilder;
  }
  if (anyB instanceof OuterJoinStoreBuilder && anyB.persistent === true) {
    const o = anyB as OuterJoinStoreBuilder<unknown>;
    return copyFlags(new OuterJoinStoreBuilder(o.name, o.serdes, false)) as unknown as AnyBuilder;
  }
  return b;
}

/**
 * `TopologyTestDriver.create`'s stores: persistent ones (by supplier or `defaultDslStore`) open
 * for real under `<stateDir>/<applicationId>/0_0` (and `/global`), like the runtime lays them out,
 * before the tasks initialize. Writes are sealed by each commit and persisted in the background
 * (reads serve unpersisted writes from memory, so the synchronous driver never waits for disk).
 */
export class DiskDriverStores implements DriverStores {
  private readonly engines = new Map<string, ClassicLevelBytesStore>();
  private readonly selfStores = new Map<string, StateStore>();

  private constructor(
    /** `<stateDir>/<applicationId>`: the tasks' directories are `0_0` and `global` in it. */
    readonly directory: string,
    /** A temporary state directory the driver made, removed on close. */
    private readonly tempRoot: string | null,
    private readonly defaultDslStore: DslStoreType,
  ) {}

  static async open(topology: Topology, applicationId: string, stateDir: string | undefined, defaultDslStore: DslStoreType): Promise<DiskDriverStores> {
    const root = stateDir ?? (await mkdtemp(join(tmpdir(), 'tributary-driver-')));
    const d = new DiskDriverStores(join(root, applicationId), stateDir === undefined ? root : null, defaultDslStore);
    try {
      for (const spec of topology.stores.values()) await d.openStore(spec, applicationId);
    } catch (error) {
      await d.close().catch(() => undefined);
      throw error;
    }
    return d;
  }

  build(spec: StoreSpec, options: StoreBuildOptions): StateStore {
    const self = this.selfStores.get(spec.name);
    if (self !== undefined) return self;
    const engine = this.engines.get(spec.name);
    const b = spec.builder;
    if (engine === undefined) return b.build({ ...options, defaultDslStore: this.defaultDslStore });
    // The same layers (serdes, cache, changelog) around the engine opened here.
    const clone = new StoreBuilder(
      { name: spec.name, persistent: true, get: (): BytesStore => engine },
      b.keySerde,
      b.valueSerde,
      b.timestamped,
    );
    if (!b.loggingEnabled) clone.withLoggingDisabled();
    if (b.cachingEnabled) clone.withCachingEnabled();
    return clone.build(options);
  }

  afterCommit(): void {
    for (const e of this.engines.values()) void e.persist();
    for (const s of this.persistentSelfStores()) void s.persist();
  }

  async close(): Promise<void> {
    for (const e of this.engines.values()) {
      e.close(); // a no-op when the task closed it already
      await e.flushed().catch(() => undefined);
    }
    for (const s of this.persistentSelfStores()) await s.closeDisk().catch(() => undefined);
    this.engines.clear();
    this.selfStores.clear();
    if (this.tempRoot !== null) await rm(this.tempRoot, { recursive: true, force: true });
  }

  private async openStore(spec: StoreSpec, applicationId: string): Promise<void> {
    const dir = join(this.directory, spec.global ? 'global' : '0_0');
    const b = spec.builder;
    if (b.constructor === StoreBuilder) {
      const supplier = resolveKeyValueSupplier(b.supplier, this.defaultDslStore);
      if (!isPersistentSupplier(supplier)) return;
      const engine = supplier.at(dir);
      this.engines.set(spec.name, engine);
      await engine.open();
      return;
    }
    // Window, session and outer-join builders say themselves whether they build on disk.
    if ((b as { isPersistent?: (d: DslStoreType) => boolean }).isPersistent?.(this.defaultDslStore) !== true) return;
    const changelog = spec.changelogTopic === null || spec.changelogIsSourceTopic ? null : `${applicationId}-${spec.changelogTopic}`;
    const store: unknown = b.build({ changelogTopic: changelog, cacheMaxBytes: 0, directory: dir, defaultDslStore: this.defaultDslStore });
    if (!isPersistentStateStore(store)) return;
    this.selfStores.set(spec.name, store);
    await store.openDisk();
  }

  private persistentSelfStores(): PersistentStateStore[] {
    return [...this.selfStores.values()].filter(isPersistentStateStore);
  }
}
