import type { Serde } from '../../serdes/serde.js';
import { ProcessorStateStoreBuilder, type InMemoryProcessorStateStore } from '../../state/buffer/processor-state-store.js';

/** One record a sliding-window aggregation may still fold into an open window. */
export interface SeenRecord<V> {
  readonly ts: number;
  readonly value: V;
  /** Its key in the changelogged store, to delete it once out of reach. */
  readonly entryKey: Buffer;
}

/**
 * The records still in reach of an open sliding window, per key, in arrival order. Sliding
 * windows are recomputed from them (Kafka derives them incrementally from the window store
 * instead), so they are kept in an internal changelogged store `<windowStore>-record-buffer` and
 * a restarted task folds exactly what an uninterrupted one would. Entry layout (ours):
 * key = 0x01, encoded key length (int32), encoded key, arrival sequence (int64); value = timestamp
 * (int64), encoded value (see InMemoryProcessorStateStore.encodeKey / encodeValue).
 */
export class SlidingRecordBuffer<K, V> {
  private readonly byKey = new Map<string, SeenRecord<V>[]>();
  private seq = 0;

  static storeName(windowStoreName: string): string {
    return `${windowStoreName}-record-buffer`;
  }

  static builder<K, V>(windowStoreName: string, keySerde: Serde<K> | undefined, valueSerde: Serde<V> | undefined): ProcessorStateStoreBuilder<K, V> {
    return new ProcessorStateStoreBuilder<K, V>(SlidingRecordBuffer.storeName(windowStoreName), keySerde, valueSerde, true);
  }

  /** Loads what the store holds (restored from its changelog before the processor initializes). */
  constructor(private readonly store: InMemoryProcessorStateStore<K, V>) {
    for (const { key, value } of store.entries()) {
      if (key[0] !== 1) continue;
      const n = key.readInt32BE(1);
      const seq = Number(key.readBigInt64BE(5 + n));
      if (seq >= this.seq) this.seq = seq + 1;
      const k = store.decodeKey(key.subarray(5, 5 + n));
      const v = store.decodeValue(value.subarray(8));
      this.listFor(k).push({ ts: Number(value.readBigInt64BE(0)), value: v, entryKey: key });
    }
  }

  /** The key's records, in arrival order (entries() is in key-bytes then sequence order). */
  records(key: K): readonly SeenRecord<V>[] {
    return this.listFor(key);
  }

  /** Forgets (and deletes from the store) the key's records older than `horizon`. */
  prune(key: K, horizon: number): void {
    const list = this.listFor(key);
    // Checked at the oldest arrival only, as before persistence: pruning is lazy, never needed for correctness.
    if (list.length === 0 || list[0]!.ts >= horizon) return;
    const kept: SeenRecord<V>[] = [];
    for (const x of list) {
      if (x.ts >= horizon) kept.push(x);
      else this.store.put(x.entryKey, null);
    }
    this.byKey.set(idOf(key), kept);
  }

  add(key: K, ts: number, value: V): void {
    const keyBytes = this.store.encodeKey(key);
    const valueBytes = this.store.encodeValue(value);
    const entryKey = Buffer.allocUnsafe(13 + keyBytes.length);
    entryKey[0] = 1;
    entryKey.writeInt32BE(keyBytes.length, 1);
    keyBytes.copy(entryKey, 5);
    entryKey.writeBigInt64BE(BigInt(this.seq++), 5 + keyBytes.length);
    const entryValue = Buffer.allocUnsafe(8 + valueBytes.length);
    entryValue.writeBigInt64BE(BigInt(ts), 0);
    valueBytes.copy(entryValue, 8);
    this.store.put(entryKey, entryValue);
    this.listFor(key).push({ ts, value, entryKey });
  }

  private listFor(key: K): SeenRecord<V>[] {
    const id = idOf(key);
    let list = this.byKey.get(id);
    if (list === undefined) this.byKey.set(id, (list = []));
    return list;
  }
}

/** Keys are grouped by their string form (the identity the aggregation used before). */
function idOf(key: unknown): string {
  return typeof key === 'object' ? JSON.stringify(key) : String(key);
}
