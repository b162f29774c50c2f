import { InvalidStateStoreError } from '../../errors/streams-errors.js';
import type { Serde } from '../../serdes/serde.js';
import type { StateStoreContext } from '../state-store.js';
import { InMemoryWindowStore, type WindowStoreOptions } from '../window/in-memory-window-store.js';
import { readOrderedTime } from '../window/window-key-schema.js';
import { PersistentSegments, persistentSegmentInterval } from './persistent-segments.js';
import type { PersistentStateStore } from './persistent-state-store.js';

/**
 * Kafka's segmented RocksDB window store on classic-level. It runs the in-memory window store's
 * logic (same engine keys `<ordered window start><key><seq>`, retention rule, changelog layout)
 * over LevelDB segments under `directory`. The per-key index that makes single-key fetches
 * skip other keys is rebuilt from the segments' keys on open; the max window start seen and the
 * duplicate sequence are kept in the segments' meta file.
 */
export class PersistentWindowStore<K, V> extends InMemoryWindowStore<K, V> implements PersistentStateStore {
  override readonly persistent = true;
  private readonly disk: PersistentSegments;

  constructor(
    options: WindowStoreOptions,
    readonly directory: string,
    keySerde: Serde<K> | undefined,
    valueSerde: Serde<V> | undefined,
    wrapDefaultValueSerde: ((inner: Serde<unknown>) => Serde<V>) | undefined,
  ) {
    const disk = new PersistentSegments(options.name, options.segmentIntervalMs ?? persistentSegmentInterval(options.retentionMs), directory);
    super(options, keySerde, valueSerde, wrapDefaultValueSerde, disk);
    this.disk = disk;
  }

  async openDisk(): Promise<void> {
    const meta = await this.disk.open();
    this.index.clear();
    let observed = Number.MIN_SAFE_INTEGER;
    for (const seg of this.disk.segments()) {
      for (const k of seg.keys()) {
        const windowStart = readOrderedTime(k, 0);
        this.index.add(k.subarray(8, k.length - 4), windowStart, k);
        observed = Math.max(observed, windowStart);
      }
    }
    this.observed = meta?.observed ?? observed;
    this.seq = meta?.seq ?? 0;
  }

  override init(context: StateStoreContext): void {
    if (!this.disk.isDiskOpen) throw new InvalidStateStoreError(`store ${this.name} must be opened (await openDisk()) before init`);
    super.init(context);
  }

  /** Seals the writes so far; they reach disk at the next `persist()`. */
  override flush(): void {
    if (this.disk.isDiskOpen) this.disk.seal({ observed: this.observed, seq: this.seq });
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
    this.index.clear();
    await this.disk.close();
  }
  async abandonDisk(): Promise<void> {
    this.open = false;
    this.index.clear();
    await this.disk.abandon();
  }
}
