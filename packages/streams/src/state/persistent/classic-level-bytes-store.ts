import { ClassicLevel } from 'classic-level';
import { InvalidStateStoreError } from '../../errors/streams-errors.js';
import type { BytesStore } from '../bytes-store.js';
import type { KeyValue } from '../key-value.js';
import { SortedKeys } from './sorted-keys.js';

/**
 * A persistent engine on classic-level (LevelDB) whose memory is bounded by its keys and the
 * writes of one commit interval, not by its values. Reads are synchronous: unflushed writes,
 * then sealed (flushed, not yet persisted) writes, then `db.getSync`. `flush()` only seals the
 * current writes; `persist()` writes everything sealed as one `db.batch`. The runtime persists
 * after the producer has acknowledged the matching changelog records, so the disk never holds a
 * write the changelog lacks (a crash then restores the tail over a consistent base). Synchronous
 * `range` (what processors call) walks an in-memory sorted key index and reads each value with
 * `getSync`; interactive queries use the same lazy iteration.
 */
export class ClassicLevelBytesStore implements BytesStore {
  readonly name: string;
  readonly persistent = true;
  readonly location: string;
  private readonly db: ClassicLevel<Buffer, Buffer>;
  private overlay = new Map<string, Buffer | null>();
  private sealed = new Map<string, Buffer | null>();
  /** Writes handed to a `db.batch` that has not completed yet (still served to reads). */
  private readonly persisting = new Map<string, Buffer | null>();
  private readonly index = new SortedKeys();
  private lastWrite: Promise<void> = Promise.resolve();
  private writeError: unknown = null;
  private opened = false;
  /** Opened with `openEmpty()` and nothing persisted yet: there is nothing on disk to read. */
  private nothingOnDisk = false;

  constructor(name: string, location: string) {
    this.name = name;
    this.location = location;
    this.db = new ClassicLevel<Buffer, Buffer>(location, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
  }

  /** Opens LevelDB and loads the key index; must complete before the task initializes the store. */
  async open(): Promise<void> {
    await this.db.open();
    this.index.clear();
    for await (const k of this.db.keys()) this.index.push(k.toString('latin1'));
    this.opened = true;
  }

  /**
   * Opens a store known to be empty on disk (a new window segment) without waiting, because a
   * synchronous put creates it: reads are served from memory until the first persist, which
   * waits for LevelDB to finish opening.
   */
  openEmpty(): void {
    this.index.clear();
    this.opened = true;
    this.nothingOnDisk = true;
    this.lastWrite = this.lastWrite
      .then(() => this.db.open())
      .catch((error: unknown) => {
        this.writeError = error;
      });
  }

  /** Every key, ascending, without reading values. */
  *keys(): Generator<Buffer> {
    this.checkOpen();
    for (const k of this.index.between(null, null, false)) yield Buffer.from(k, 'latin1');
  }

  init(): void {
    if (!this.opened) throw new InvalidStateStoreError(`store ${this.name} must be opened (await open()) before init`);
  }
  isOpen(): boolean {
    return this.opened;
  }
  setFlushListener(): boolean {
    return false;
  }

  get(key: Buffer): Buffer | null {
    return this.getString(key.toString('latin1'), key);
  }

  put(key: Buffer, value: Buffer | null): void {
    this.checkOpen();
    const k = key.toString('latin1');
    this.overlay.set(k, value === null ? null : Buffer.from(value));
    if (value === null) this.index.delete(k);
    else this.index.add(k);
  }

  range(from: Buffer | null, to: Buffer | null, reverse: boolean): KeyValue<Buffer, Buffer>[] {
    return [...this.iterate(from, to, reverse)];
  }

  /** Lazy range: one key index walk, one point read per key. */
  *iterate(from: Buffer | null, to: Buffer | null, reverse: boolean): Generator<KeyValue<Buffer, Buffer>> {
    this.checkOpen();
    for (const k of this.index.between(from?.toString('latin1') ?? null, to?.toString('latin1') ?? null, reverse)) {
      const key = Buffer.from(k, 'latin1');
      const value = this.getString(k, key);
      if (value !== null) yield { key, value };
    }
  }

  approximateNumEntries(): number {
    return this.index.size;
  }

  /** Seals the writes so far; they reach disk at the next `persist()`. */
  flush(): void {
    if (this.writeError !== null) throw this.writeError;
    if (this.overlay.size === 0) return;
    for (const [k, v] of this.overlay) this.sealed.set(k, v);
    this.overlay = new Map();
  }

  /** Writes every sealed write as one batch; resolves when it is on disk (never rejects: see `flushed`). */
  persist(): Promise<void> {
    if (this.sealed.size > 0) {
      const batch = this.sealed;
      this.sealed = new Map();
      for (const [k, v] of batch) this.persisting.set(k, v);
      const ops = [...batch].map(([k, v]) =>
        v === null ? { type: 'del' as const, key: Buffer.from(k, 'latin1') } : { type: 'put' as const, key: Buffer.from(k, 'latin1'), value: v },
      );
      this.lastWrite = this.lastWrite
        .then(() => this.db.batch(ops))
        .then(
          () => {
            this.nothingOnDisk = false;
            // Drop entries the batch wrote unless a later write replaced them meanwhile.
            for (const [k, v] of batch) if (this.persisting.get(k) === v) this.persisting.delete(k);
          },
          (error: unknown) => {
            this.writeError = error;
          },
        );
    }
    return this.lastWrite;
  }

  /** Persists what is sealed and waits for every write; throws if one failed. */
  async flushed(): Promise<void> {
    await this.persist();
    if (this.writeError !== null) throw this.writeError;
  }

  /** Clean close: seal, persist, close LevelDB (await `flushed()` for completion). */
  close(): void {
    if (!this.opened) return;
    this.flush();
    void this.persist();
    this.opened = false;
    this.lastWrite = this.lastWrite.then(() => this.db.close());
  }

  /** Dirty close: forgets unpersisted writes and closes LevelDB. */
  async abandon(): Promise<void> {
    this.overlay = new Map();
    this.sealed = new Map();
    this.opened = false;
    await this.lastWrite;
    await this.db.close();
  }

  private getString(k: string, key: Buffer): Buffer | null {
    this.checkOpen();
    const o = this.overlay.get(k);
    if (o !== undefined) return o;
    const w = this.sealed.get(k);
    if (w !== undefined) return w;
    const p = this.persisting.get(k);
    if (p !== undefined) return p;
    if (this.nothingOnDisk) return null;
    return this.db.getSync(key) ?? null;
  }

  private checkOpen(): void {
    if (!this.opened) throw new InvalidStateStoreError(`store ${this.name} is not open`);
  }
}
