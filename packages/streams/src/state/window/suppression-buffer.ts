import { WriteThroughStoreBuilder } from '../write-through-store-builder.js';
import { resolveSerde, type Serde } from '../../serdes/serde.js';
import type { StateStore, StateStoreContext } from '../state-store.js';

/** One buffered table update: the first time it was buffered and the latest change. */
export interface BufferedUpdate<K, V> {
  readonly key: K;
  readonly keyBytes: Buffer;
  readonly bufferTime: number;
  recordTimestamp: number;
  /** The value downstream last saw for the key (before the first buffered update). */
  priorValue: V | null;
  newValue: V | null;
  size: number;
}

function writeOpt(parts: Buffer[], b: Buffer | null): void {
  const len = Buffer.allocUnsafe(4);
  len.writeInt32BE(b === null ? -1 : b.length, 0);
  parts.push(len);
  if (b !== null) parts.push(b);
}
function readOpt(b: Buffer, at: { o: number }): Buffer | null {
  const n = b.readInt32BE(at.o);
  at.o += 4;
  if (n < 0) return null;
  const out = b.subarray(at.o, at.o + n);
  at.o += n;
  return out;
}

/**
 * The suppression buffer (Kafka's time-ordered key-value change buffer), in memory and
 * changelogged: every put writes the key's entry, every eviction a tombstone, so a restarted
 * task restores exactly the updates not yet emitted. Entries are ordered by buffer time, then key bytes.
 * Changelog value layout (ours, not Kafka's): bufferTime(8) recordTs(8) prior(len+bytes) new(len+bytes), len -1 = null.
 */
export class InMemorySuppressionBuffer<K, V> implements StateStore {
  readonly persistent = false;
  private readonly byKey = new Map<string, BufferedUpdate<K, V>>();
  private sorted: BufferedUpdate<K, V>[] = [];
  private bytes = 0;
  private open = false;
  private context: StateStoreContext | null = null;
  private keySerde!: Serde<K>;
  private valueSerde!: Serde<V>;
  /** Changelog entries restored before init (serdes unknown yet), decoded by init: key → value. */
  private readonly staged = new Map<string, Buffer>();

  constructor(
    readonly name: string,
    private readonly keySerdeOpt: Serde<K> | undefined,
    private readonly valueSerdeOpt: Serde<V> | undefined,
    private readonly changelogTopic: string | null,
  ) {}

  init(context: StateStoreContext): void {
    this.context = context;
    const defaults: [Serde<unknown>, Serde<unknown>] = [context.defaultKeySerde, context.defaultValueSerde];
    this.keySerde = resolveSerde(this.keySerdeOpt as Serde<unknown> | undefined, context.defaultKeySerde, defaults) as Serde<K>;
    this.valueSerde = resolveSerde(this.valueSerdeOpt as Serde<unknown> | undefined, context.defaultValueSerde, defaults) as Serde<V>;
    this.open = true;
    for (const [k, value] of this.staged) this.restoreDecoded(Buffer.from(k, 'latin1'), value);
    this.staged.clear();
  }
  flush(): void {}
  close(): void {
    this.open = false;
  }
  isOpen(): boolean {
    return this.open;
  }

  numRecords(): number {
    return this.sorted.length;
  }
  bufferSize(): number {
    return this.bytes;
  }
  minTimestamp(): number {
    return this.sorted.length === 0 ? Number.POSITIVE_INFINITY : this.sorted[0]!.bufferTime;
  }
  /** The buffered entry of a key, if any. */
  lookup(key: K): BufferedUpdate<K, V> | undefined {
    return this.byKey.get(this.serializeKey(key).toString('latin1'));
  }

  /** Buffers an update; a key already buffered keeps its first buffer time and prior value. */
  put(bufferTime: number, key: K, newValue: V | null, oldValue: V | null, recordTimestamp: number): void {
    const keyBytes = this.serializeKey(key);
    const k = keyBytes.toString('latin1');
    const prev = this.byKey.get(k);
    const entry: BufferedUpdate<K, V> = prev ?? { key, keyBytes, bufferTime, recordTimestamp, priorValue: oldValue, newValue, size: 0 };
    entry.newValue = newValue;
    entry.recordTimestamp = recordTimestamp;
    const value = this.encode(entry);
    this.bytes += value.length + keyBytes.length - entry.size;
    entry.size = value.length + keyBytes.length;
    if (prev === undefined) this.insert(k, entry);
    this.log(keyBytes, value);
  }

  /** Removes and hands over entries from the oldest while `condition` holds. */
  evictWhile(condition: () => boolean, emit: (entry: BufferedUpdate<K, V>) => void): void {
    while (this.sorted.length > 0 && condition()) {
      const e = this.sorted.shift()!;
      this.byKey.delete(e.keyBytes.toString('latin1'));
      this.bytes -= e.size;
      this.log(e.keyBytes, null);
      emit(e);
    }
  }

  /**
   * Applies one changelog record. The runtime restores before the task initializes the store
   * (serdes come from the task's defaults then), so until init entries stay as bytes.
   */
  restore(changelogKey: Buffer, value: Buffer | null): void {
    if (this.keySerde === undefined) {
      const k = changelogKey.toString('latin1');
      if (value === null) this.staged.delete(k);
      else this.staged.set(k, Buffer.from(value));
      return;
    }
    this.restoreDecoded(Buffer.from(changelogKey), value);
  }

  private restoreDecoded(keyBytes: Buffer, value: Buffer | null): void {
    const k = keyBytes.toString('latin1');
    const prev = this.byKey.get(k);
    if (prev !== undefined) {
      this.sorted.splice(this.sorted.indexOf(prev), 1);
      this.byKey.delete(k);
      this.bytes -= prev.size;
    }
    if (value === null) return;
    const at = { o: 16 };
    const prior = readOpt(value, at);
    const next = readOpt(value, at);
    const entry: BufferedUpdate<K, V> = {
      key: this.keySerde.deserialize(this.name, keyBytes) as K,
      keyBytes,
      bufferTime: Number(value.readBigInt64BE(0)),
      recordTimestamp: Number(value.readBigInt64BE(8)),
      priorValue: prior === null ? null : this.valueSerde.deserialize(this.name, prior),
      newValue: next === null ? null : this.valueSerde.deserialize(this.name, next),
      size: value.length + keyBytes.length,
    };
    this.bytes += entry.size;
    this.insert(k, entry);
  }

  private insert(k: string, entry: BufferedUpdate<K, V>): void {
    this.byKey.set(k, entry);
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.sorted[mid]!;
      const c = m.bufferTime - entry.bufferTime || Buffer.compare(m.keyBytes, entry.keyBytes);
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    this.sorted.splice(lo, 0, entry);
  }

  private encode(e: BufferedUpdate<K, V>): Buffer {
    const head = Buffer.allocUnsafe(16);
    head.writeBigInt64BE(BigInt(e.bufferTime), 0);
    head.writeBigInt64BE(BigInt(e.recordTimestamp), 8);
    const parts = [head];
    writeOpt(parts, e.priorValue === null ? null : this.valueSerde.serialize(this.name, e.priorValue));
    writeOpt(parts, e.newValue === null ? null : this.valueSerde.serialize(this.name, e.newValue));
    return Buffer.concat(parts);
  }

  private log(key: Buffer, value: Buffer | null): void {
    const ctx = this.context;
    if (ctx === null || this.changelogTopic === null) return;
    ctx.changelogSink.send({ store: this.name, topic: this.changelogTopic, partition: ctx.partition, key, value, timestamp: ctx.currentTimestamp() });
  }

  private serializeKey(key: K): Buffer {
    const b = this.keySerde.serialize(this.name, key);
    if (b === null) throw new TypeError(`store ${this.name}: key serialized to null`);
    return b;
  }
}

/** The recipe for a suppression buffer (shape of a store builder; never cached). */
export class SuppressionBufferBuilder<K, V> extends WriteThroughStoreBuilder {
  constructor(
    name: string,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
  ) {
    super(name);
  }
  build(options: { changelogTopic: string | null }): InMemorySuppressionBuffer<K, V> {
    return new InMemorySuppressionBuffer<K, V>(this.name, this.keySerde, this.valueSerde, this.logging ? options.changelogTopic : null);
  }
}
