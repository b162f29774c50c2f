import { InvalidStateStoreError } from '../../errors/streams-errors.js';
import { resolveSerde, type Serde } from '../../serdes/serde.js';
import type { StateStoreContext } from '../state-store.js';
import type { OuterJoinBuffer, OuterJoinEntry } from '../window/outer-join-store.js';
import { readOrderedTime, writeOrderedTime } from '../window/window-key-schema.js';
import { ClassicLevelBytesStore } from './classic-level-bytes-store.js';
import type { PersistentStateStore } from './persistent-state-store.js';

/**
 * The shared outer-join store on classic-level (Kafka's KSTREAM-OUTERSHARED store on RocksDB
 * under `default.dsl.store=rocksDB`). The engine holds exactly the changelog's records: key
 * `<ordered ts(8)><side(1)><key>` (right before left, then key bytes: the in-memory store's
 * order) and value `<count(4)>` then `<len(4)><bytes>` per waiting value, so restoring is a
 * plain put. Values are decoded only when a scan visits them; memory is bounded by the keys.
 */
export class PersistentOuterJoinStore<K> implements OuterJoinBuffer<K>, PersistentStateStore {
  readonly persistent = true;
  private readonly engine: ClassicLevelBytesStore;
  private diskOpen = false;
  private open = false;
  private context: StateStoreContext | null = null;
  private keySerde: Serde<K> | undefined;
  private leftSerde: Serde<unknown> | undefined;
  private rightSerde: Serde<unknown> | undefined;

  constructor(
    readonly name: string,
    private readonly serdes: { key: Serde<K> | undefined; left: Serde<unknown> | undefined; right: Serde<unknown> | undefined },
    private readonly changelogTopic: string | null,
    readonly directory: string,
  ) {
    this.engine = new ClassicLevelBytesStore(name, directory);
  }

  async openDisk(): Promise<void> {
    await this.engine.open();
    this.diskOpen = true;
  }

  init(context: StateStoreContext): void {
    if (!this.diskOpen) throw new InvalidStateStoreError(`store ${this.name} must be opened (await openDisk()) before init`);
    this.context = context;
    const d: [Serde<unknown>, Serde<unknown>] = [context.defaultKeySerde, context.defaultValueSerde];
    this.keySerde = resolveSerde(this.serdes.key as Serde<unknown> | undefined, d[0], d) as Serde<K>;
    this.leftSerde = resolveSerde(this.serdes.left, d[1], d);
    this.rightSerde = resolveSerde(this.serdes.right, d[1], d);
    this.engine.init();
    this.open = true;
  }

  isOpen(): boolean {
    return this.open;
  }
  size(): number {
    return this.engine.approximateNumEntries();
  }

  add(timestamp: number, isLeft: boolean, key: K, value: unknown): void {
    const storeKey = this.storeKey(timestamp, isLeft, key);
    const b = this.serdeOf(isLeft).serialize(this.name, value) ?? Buffer.alloc(0);
    const prev = this.engine.get(storeKey);
    const head = Buffer.allocUnsafe(8);
    head.writeInt32BE((prev === null ? 0 : prev.readInt32BE(0)) + 1, 0);
    head.writeInt32BE(b.length, 4);
    // Appending keeps arrival order: <count+1><earlier values><len><new value>.
    const next = Buffer.concat([head.subarray(0, 4), prev === null ? Buffer.alloc(0) : prev.subarray(4), head.subarray(4), b]);
    this.engine.put(storeKey, next);
    this.log(storeKey, next);
  }

  remove(timestamp: number, isLeft: boolean, key: K): void {
    const storeKey = this.storeKey(timestamp, isLeft, key);
    if (this.engine.get(storeKey) === null) return;
    this.engine.put(storeKey, null);
    this.log(storeKey, null);
  }

  scan(visit: (entry: OuterJoinEntry<K>) => 'emit' | 'skip' | 'stop'): void {
    this.checkOpen();
    // The lazy walk must not see its own deletes: emitted entries are removed after it.
    const emitted: Buffer[] = [];
    for (const kv of this.engine.iterate(null, null, false)) {
      const verdict = visit(this.decode(kv.key, kv.value));
      if (verdict === 'stop') break;
      if (verdict === 'emit') emitted.push(kv.key);
    }
    for (const k of emitted) {
      this.engine.put(k, null);
      this.log(k, null);
    }
  }

  /** A changelog record is the engine's record: restoring needs no serdes, so it may precede init. */
  restore(changelogKey: Buffer, value: Buffer | null): void {
    this.engine.put(changelogKey, value);
  }

  flush(): void {
    if (this.diskOpen) this.engine.flush();
  }
  /** Logical close (the task is done with it); the files stay open until `closeDisk()`. */
  close(): void {
    this.flush();
    this.open = false;
  }
  persist(): Promise<void> {
    return this.engine.persist();
  }
  flushed(): Promise<void> {
    return this.engine.flushed();
  }
  async closeDisk(): Promise<void> {
    this.close();
    if (!this.diskOpen) return;
    this.diskOpen = false;
    this.engine.close();
    await this.engine.flushed();
  }
  async abandonDisk(): Promise<void> {
    this.open = false;
    this.diskOpen = false;
    await this.engine.abandon();
  }

  private serdeOf(isLeft: boolean): Serde<unknown> {
    const s = isLeft ? this.leftSerde : this.rightSerde;
    if (s === undefined) throw new InvalidStateStoreError(`store ${this.name} is not initialized`);
    return s;
  }

  private decode(storeKey: Buffer, value: Buffer): OuterJoinEntry<K> {
    const isLeft = storeKey[8] === 1;
    const serde = this.serdeOf(isLeft);
    const values: unknown[] = [];
    let o = 4;
    for (let i = 0, n = value.readInt32BE(0); i < n; i++) {
      const len = value.readInt32BE(o);
      values.push(serde.deserialize(this.name, value.subarray(o + 4, o + 4 + len)));
      o += 4 + len;
    }
    return { timestamp: readOrderedTime(storeKey, 0), isLeft, key: this.keySerde!.deserialize(this.name, storeKey.subarray(9)) as K, values };
  }

  private storeKey(ts: number, isLeft: boolean, key: K): Buffer {
    this.checkOpen();
    const kb = this.keySerde!.serialize(this.name, key);
    if (kb === null) throw new TypeError(`store ${this.name}: key serialized to null`);
    const out = Buffer.allocUnsafe(9 + kb.length);
    writeOrderedTime(out, ts, 0);
    out[8] = isLeft ? 1 : 0;
    kb.copy(out, 9);
    return out;
  }

  private log(key: Buffer, value: Buffer | null): void {
    const ctx = this.context;
    if (ctx === null || this.changelogTopic === null) return;
    ctx.changelogSink.send({ store: this.name, topic: this.changelogTopic, partition: ctx.partition, key, value, timestamp: ctx.currentTimestamp() });
  }

  private checkOpen(): void {
    if (!this.open) throw new InvalidStateStoreError(`store ${this.name} is not open`);
  }
}
