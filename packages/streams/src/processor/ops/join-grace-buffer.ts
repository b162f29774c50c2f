import type { Headers } from '../headers.js';
import { Record } from '../record.js';
import type { Serde } from '../../serdes/serde.js';
import { ProcessorStateStoreBuilder, type InMemoryProcessorStateStore } from '../../state/buffer/processor-state-store.js';
import { OBSERVED_STREAM_TIME, readTime, writeTime } from './emit-close-metadata.js';

interface Entry<K, V> {
  readonly r: Record<K, V>;
  readonly entryKey: Buffer;
}

/**
 * The grace buffer of a stream-table join against a versioned table (KIP-923): stream records
 * wait in timestamp order (ties in arrival order) until stream time - grace passes them. Kept in
 * memory and changelogged in the store `<join processor>-Buffer` (Kafka's name for its
 * RocksDBTimeOrderedKeyValueBuffer; changelog `<applicationId>-<join processor>-Buffer-changelog`),
 * together with the join's observed stream time, so a restarted task joins every buffered record
 * exactly once. Entry layout (ours, not Kafka's): key = 0x01, timestamp (int64), arrival sequence
 * (int64); value = encoded key length (int32), encoded key, encoded value length (int32),
 * encoded value, then the headers (count, then key length, UTF-8 key, value length or -1, value).
 */
export class JoinGraceBuffer<K, V> {
  private readonly entries: Entry<K, V>[] = [];
  private seq = 0;
  /** The join's observed stream time (-1 before the first record). */
  observed = -1;

  static storeName(joinName: string): string {
    return `${joinName}-Buffer`;
  }

  static builder<K, V>(joinName: string, keySerde: Serde<K> | undefined, valueSerde: Serde<V> | undefined): ProcessorStateStoreBuilder<K, V> {
    return new ProcessorStateStoreBuilder<K, V>(JoinGraceBuffer.storeName(joinName), keySerde, valueSerde);
  }

  /** Loads what the store holds (restored from its changelog before the processor initializes). */
  constructor(private readonly store: InMemoryProcessorStateStore<K, V>) {
    this.observed = readTime(store, OBSERVED_STREAM_TIME) ?? -1;
    // Key bytes order is (timestamp, sequence): the buffer's order.
    for (const { key, value } of store.entries()) {
      if (key[0] !== 1) continue;
      const seq = Number(key.readBigInt64BE(9));
      if (seq >= this.seq) this.seq = seq + 1;
      this.entries.push({ r: this.decode(Number(key.readBigInt64BE(1)), value), entryKey: key });
    }
  }

  /** Records a new observed stream time (written once per advance). */
  advance(ts: number): void {
    if (ts <= this.observed) return;
    this.observed = ts;
    writeTime(this.store, OBSERVED_STREAM_TIME, ts);
  }

  add(r: Record<K, V>): void {
    const entryKey = Buffer.allocUnsafe(17);
    entryKey[0] = 1;
    entryKey.writeBigInt64BE(BigInt(r.timestamp), 1);
    entryKey.writeBigInt64BE(BigInt(this.seq++), 9);
    this.store.put(entryKey, this.encode(r));
    let i = this.entries.length;
    while (i > 0 && this.entries[i - 1]!.r.timestamp > r.timestamp) i--;
    this.entries.splice(i, 0, { r, entryKey });
  }

  /** Removes and hands over records with timestamp <= horizon, oldest first. */
  evictUpTo(horizon: number, emit: (r: Record<K, V>) => void): void {
    while (this.entries.length > 0 && this.entries[0]!.r.timestamp <= horizon) {
      const e = this.entries.shift()!;
      this.store.put(e.entryKey, null);
      emit(e.r);
    }
  }

  private encode(r: Record<K, V>): Buffer {
    const parts: Buffer[] = [];
    const len = (n: number): void => {
      const b = Buffer.allocUnsafe(4);
      b.writeInt32BE(n, 0);
      parts.push(b);
    };
    const k = this.store.encodeKey(r.key);
    const v = this.store.encodeValue(r.value);
    len(k.length);
    parts.push(k);
    len(v.length);
    parts.push(v);
    len(r.headers.length);
    for (const h of r.headers) {
      const hk = Buffer.from(h.key, 'utf8');
      len(hk.length);
      parts.push(hk);
      len(h.value === null ? -1 : h.value.length);
      if (h.value !== null) parts.push(h.value);
    }
    return Buffer.concat(parts);
  }

  private decode(timestamp: number, b: Buffer): Record<K, V> {
    let o = 0;
    const next = (): Buffer | null => {
      const n = b.readInt32BE(o);
      o += 4;
      if (n < 0) return null;
      const out = b.subarray(o, o + n);
      o += n;
      return out;
    };
    const key = this.store.decodeKey(next()!);
    const value = this.store.decodeValue(next()!);
    const count = b.readInt32BE(o);
    o += 4;
    const headers: { key: string; value: Buffer | null }[] = [];
    for (let i = 0; i < count; i++) {
      const hk = next()!.toString('utf8');
      const hv = next();
      headers.push({ key: hk, value: hv === null ? null : Buffer.from(hv) });
    }
    return new Record(key, value, timestamp, headers as Headers);
  }
}
