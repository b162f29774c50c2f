import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@tributary/client';
import type { BytesStore } from '../../state/bytes-store.js';
import type { StateStore } from '../../state/state-store.js';
import type { DslStoreType } from '../../dsl/streams-config.js';
import { resolveKeyValueSupplier, type BytesStoreSupplier } from '../../state/store-builder.js';
import { ClassicLevelBytesStore } from '../../state/persistent/classic-level-bytes-store.js';
import { isPersistentSupplier } from '../../state/persistent/persistent-key-value-store.js';
import { isPersistentStateStore, type PersistentStateStore } from '../../state/persistent/persistent-state-store.js';
import { CheckpointFile, checkpointKey } from '../../state/restore/checkpoint-file.js';
import type { Topology } from '../../topology/topology.js';
import type { RuntimeSubtopology } from './topology-metadata.js';

/** One changelogged store of a task and where its changelog lives. */
export interface StoreChangelog {
  readonly store: string;
  readonly topic: string;
  readonly partition: number;
  readonly isSource: boolean;
}

/**
 * A task's local state, independent of whether the task runs active or standby here: store
 * engines, the changelog offsets they contain, and the checkpoint file. It outlives task
 * objects across rebalances, so a task that stays (or a standby promoted to active) keeps its
 * warm engines and restores only the tail.
 */
/** A store that restores itself from raw changelog records (window, session, suppression stores). */
export interface SelfRestoringStore extends StateStore {
  restore(changelogKey: Buffer, value: Buffer | null): void;
}

function isSelfRestoring(s: unknown): s is SelfRestoringStore {
  return typeof (s as Partial<SelfRestoringStore> | null)?.restore === 'function';
}

export class TaskState {
  /** Byte engines of key-value stores (the StreamTask wraps them in its layers). */
  readonly engines = new Map<string, BytesStore>();
  /** Whole stores of other kinds, built here so standbys and restoration can fill them. */
  readonly selfStores = new Map<string, SelfRestoringStore>();
  /** checkpointKey(topic, partition) → next changelog offset the engines reflect. */
  readonly offsets = new Map<string, number>();
  readonly changelogs: StoreChangelog[];
  readonly checkpoint: CheckpointFile;
  /** Timestamped stores restored from a source topic: raw values get the record timestamp prefixed. */
  readonly timestampedFromSource = new Set<string>();
  /** True when the engines were wiped (no or corrupt checkpoint) before opening. */
  wiped = false;

  private constructor(
    readonly taskId: string,
    readonly directory: string,
    readonly sub: RuntimeSubtopology,
    partition: number,
  ) {
    this.changelogs = sub.changelogs.map((c) => ({ store: c.store, topic: c.topic, partition, isSource: c.isSource }));
    this.checkpoint = new CheckpointFile(join(directory, '.checkpoint'));
  }

  /** Creates engines for every store of the sub-topology and opens persistent ones from disk. */
  static async open(
    taskId: string,
    partition: number,
    sub: RuntimeSubtopology,
    topology: Topology,
    appDir: string,
    logger: Logger,
    defaultDslStore: DslStoreType = 'in_memory',
  ): Promise<TaskState> {
    const s = new TaskState(taskId, join(appDir, taskId), sub, partition);
    const specs = sub.spec.stores.map((name) => topology.stores.get(name)!);
    const supplierOf = (spec: (typeof specs)[number]): BytesStoreSupplier | undefined => {
      const sup = (spec.builder as { supplier?: BytesStoreSupplier }).supplier;
      return sup === undefined ? undefined : resolveKeyValueSupplier(sup, defaultDslStore);
    };
    // Window and session builders say themselves whether they build a LevelDB-backed store.
    const selfPersistent = (spec: (typeof specs)[number]): boolean =>
      (spec.builder as { isPersistent?: (d: DslStoreType) => boolean }).isPersistent?.(defaultDslStore) === true;
    const isPersistentSpec = (spec: (typeof specs)[number]): boolean => {
      const sup = supplierOf(spec);
      return sup !== undefined ? isPersistentSupplier(sup) : selfPersistent(spec);
    };
    const persistent = specs.some(isPersistentSpec);
    let checkpoint: Map<string, number> | null = null;
    if (persistent) {
      try {
        checkpoint = await s.checkpoint.read();
      } catch (error) {
        logger.warn({ taskId, error }, 'corrupt checkpoint: wiping local state');
      }
      if (checkpoint === null) {
        // No trustworthy record of what the engines hold: start empty and restore everything.
        await rm(s.directory, { recursive: true, force: true });
        s.wiped = true;
      }
    }
    for (const spec of specs) {
      const supplier = supplierOf(spec);
      if (supplier === undefined) {
        const changelog = sub.changelogs.find((c) => c.store === spec.name && !c.isSource)?.topic ?? null;
        const store: unknown = spec.builder.build({ changelogTopic: changelog, cacheMaxBytes: 0, directory: s.directory, defaultDslStore });
        if (isPersistentStateStore(store)) await store.openDisk();
        if (isSelfRestoring(store)) s.selfStores.set(spec.name, store);
        continue;
      }
      const engine = isPersistentSupplier(supplier) ? supplier.at(s.directory) : supplier.get();
      if (engine instanceof ClassicLevelBytesStore) await engine.open();
      s.engines.set(spec.name, engine);
      if (spec.builder.timestamped && spec.changelogIsSourceTopic) s.timestampedFromSource.add(spec.name);
    }
    for (const c of s.changelogs) {
      const persistentStore = isPersistentSpec(topology.stores.get(c.store)!);
      const key = checkpointKey(c.topic, c.partition);
      const off = checkpoint?.get(key);
      if (persistentStore && off !== undefined) s.offsets.set(key, off);
    }
    return s;
  }

  /** Sum of changelog offsets held: the assignor's measure of how caught up this copy is. */
  offsetSum(): number {
    let sum = 0;
    for (const o of this.offsets.values()) sum += o;
    return sum;
  }

  /** Writes persistent engines' sealed writes to disk (after the changelog is acknowledged). */
  async persist(): Promise<void> {
    for (const e of this.engines.values()) if (e instanceof ClassicLevelBytesStore) await e.flushed();
    for (const st of this.persistentSelfStores()) await st.flushed();
  }

  /** Window and session stores that keep their data on disk. */
  private persistentSelfStores(): PersistentStateStore[] {
    return [...this.selfStores.values()].filter((st): st is SelfRestoringStore & PersistentStateStore => isPersistentStateStore(st));
  }

  /** Waits for persistent engines' writes, then records offsets of persistent stores. */
  async writeCheckpoint(): Promise<void> {
    const entries = new Map<string, number>();
    let persistent = false;
    for (const c of this.changelogs) {
      const engine = this.engines.get(c.store) ?? this.selfStores.get(c.store);
      if (!(engine instanceof ClassicLevelBytesStore) && !isPersistentStateStore(engine)) continue;
      persistent = true;
      await engine.flushed();
      const key = checkpointKey(c.topic, c.partition);
      const off = this.offsets.get(key);
      if (off !== undefined) entries.set(key, off);
    }
    if (persistent) await this.checkpoint.write(entries);
  }

  /** Closes engines; a clean close flushes and checkpoints, a dirty one leaves no checkpoint. */
  async close(clean: boolean): Promise<void> {
    if (clean) {
      for (const e of this.engines.values()) e.flush();
      for (const st of this.persistentSelfStores()) st.flush();
      await this.writeCheckpoint();
    } else await this.checkpoint.delete();
    for (const e of this.engines.values()) {
      if (e instanceof ClassicLevelBytesStore) {
        if (clean) {
          e.close();
          await e.flushed().catch(() => undefined);
        } else await e.abandon().catch(() => undefined);
      } else if (e.isOpen()) e.close();
    }
    for (const st of this.selfStores.values()) {
      if (isPersistentStateStore(st)) await (clean ? st.closeDisk() : st.abandonDisk()).catch(() => undefined);
      else if (st.isOpen()) st.close();
    }
    this.engines.clear();
    this.selfStores.clear();
  }

  /** Applies raw changelog records to an engine or a self-restoring store (null value deletes). */
  applyTo(store: string, records: readonly { key: Buffer | null; value: Buffer | null; timestamp: number }[]): number {
    const self = this.selfStores.get(store);
    if (self !== undefined) {
      let m = 0;
      for (const r of records) {
        if (r.key === null) continue;
        self.restore(r.key, r.value);
        m++;
      }
      // Changelog data is durable already, so restored writes may reach disk at once.
      if (isPersistentStateStore(self)) {
        self.flush();
        void self.persist();
      }
      return m;
    }
    const engine = this.engines.get(store);
    if (engine === undefined) return 0;
    const addTimestamp = this.timestampedFromSource.has(store);
    let n = 0;
    for (const r of records) {
      if (r.key === null) continue;
      let value = r.value;
      if (addTimestamp && value !== null) {
        // Kafka's layout for timestamped stores: 8-byte big-endian timestamp, then the raw value.
        const v = Buffer.allocUnsafe(8 + value.length);
        v.writeBigInt64BE(BigInt(r.timestamp), 0);
        value.copy(v, 8);
        value = v;
      }
      engine.put(r.key, value);
      n++;
    }
    // Changelog data is durable already, so restored writes may reach disk at once.
    if (engine instanceof ClassicLevelBytesStore) {
      engine.flush();
      void engine.persist();
    }
    return n;
  }
}
