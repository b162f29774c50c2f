import { InvalidStateStoreError } from '../../errors/streams-errors.js';
import type { Serde } from '../../serdes/serde.js';
import type { StateStoreContext } from '../state-store.js';
import { InMemorySessionStore, type SessionStoreOptions } from '../session/in-memory-session-store.js';
import { readOrderedTime } from '../window/window-key-schema.js';
import { PersistentSegments, persistentSegmentInterval } from './persistent-segments.js';
import type { PersistentStateStore } from './persistent-state-store.js';

/**
 * Kafka's segmented RocksDB session store on classic-level: the in-memory session store's logic
 * (engine keys `<ordered end><key><ordered start>`, segments by session end, Kafka's changelog
 * layout) over LevelDB segments under `directory`.
 */
export class PersistentSessionStore<K, V> extends InMemorySessionStore<K, V> implements PersistentStateStore {
  override readonly persistent = true;
  private readonly disk: PersistentSegments;

  constructor(
    options: SessionStoreOptions,
    readonly directory: string,
    keySerde: Serde<K> | undefined,
    valueSerde: Serde<V> | undefined,
    segmentIntervalMs = persistentSegmentInterval(options.retentionMs),
  ) {
    const disk = new PersistentSegments(options.name, segmentIntervalMs, directory);
    super(options, keySerde, valueSerde, disk);
    this.disk = disk;
  }

  async openDisk(): Promise<void> {
    const meta = await this.disk.open();
    if (meta !== null) {
      this.observed = meta.observed;
      return;
    }
    // No meta written yet: the max session end on disk (keys are end-first).
    let observed = Number.MIN_SAFE_INTEGER;
    for (const seg of this.disk.segments()) for (const k of seg.keys()) observed = Math.max(observed, readOrderedTime(k, 0));
    this.observed = observed;
  }

  override init(context: StateStoreContext): void {
    if (!this.disk.isDiskOpen) throw new InvalidStateStoreError(`store ${this.name} must be opened (await openDisk()) before init`);
    super.init(context);
  }

  override flush(): void {
    if (this.disk.isDiskOpen) this.disk.seal({ observed: this.observed, seq: 0 });
  }

  /** Logical close (the task is done with it); the files stay open until `closeDisk()`. */
  override close(): void {
    this.flush();
    this.open = false;
  }

  persist(): Promise<void> {
    return this.disk.persist();
  }
  flushed(): Promise<void> {
    return this.disk.flushed();
  }
  async closeDisk(): Promise<void> {
    this.close();
    await this.disk.close();
  }
  async abandonDisk(): Promise<void> {
    this.open = false;
    await this.disk.abandon();
  }
}
