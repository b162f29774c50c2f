import { windowed, type Windowed } from '../../dsl/windowed.js';
import type { Serde } from '../../serdes/serde.js';
import type { KeyValue } from '../key-value.js';
import type { StateStoreContext } from '../state-store.js';
import { defaultSegmentInterval, Segments } from './segments.js';
import { WindowKeyIndex } from './window-key-index.js';
import { parseWindowChangelogKey, readOrderedTime, windowChangelogKey, writeOrderedTime } from './window-key-schema.js';
import type { WindowStore } from './window-store.js';

export interface WindowStoreOptions {
  readonly name: string;
  readonly retentionMs: number;
  readonly windowSizeMs: number;
  /** Join stores keep every record: each put gets a new sequence number. */
  readonly retainDuplicates: boolean;
  readonly changelogTopic: string | null;
  readonly segmentIntervalMs?: number;
  /** Emit-on-close aggregations drop expired segments themselves, after their emit pass. */
  readonly deferSegmentDrop?: boolean;
}

interface Entry {
  readonly key: Buffer;
  readonly windowStart: number;
  readonly value: Buffer;
}

/**
 * An in-memory window store segmented by window start. Records whose window start is at or
 * before `observed - retention` are expired (Kafka's rule; observed = max window start put),
 * and segments that are wholly expired are dropped. Every change goes to the changelog with
 * Kafka's windowed changelog key layout.
 */
export class InMemoryWindowStore<K, V> implements WindowStore<K, V> {
  readonly name: string;
  readonly persistent: boolean = false;
  readonly retentionPeriod: number;
  readonly windowSize: number;
  // Protected: PersistentWindowStore reuses this logic over LevelDB segments.
  protected readonly segments: Segments;
  protected readonly index = new WindowKeyIndex();
  protected observed = Number.MIN_SAFE_INTEGER;
  protected seq = 0;
  protected open = false;
  private context: StateStoreContext | null = null;
  private keySerde: Serde<K>;
  private valueSerde: Serde<V>;

  constructor(
    private readonly options: WindowStoreOptions,
    keySerde: Serde<K> | undefined,
    valueSerde: Serde<V> | undefined,
    private readonly wrapDefaultValueSerde: ((inner: Serde<unknown>) => Serde<V>) | undefined,
    segments?: Segments,
  ) {
    this.name = options.name;
    this.retentionPeriod = options.retentionMs;
    this.windowSize = options.windowSizeMs;
    this.segments = segments ?? new Segments(options.name, options.segmentIntervalMs ?? defaultSegmentInterval(options.retentionMs));
    this.keySerde = keySerde as Serde<K>;
    this.valueSerde = valueSerde as Serde<V>;
  }

  init(context: StateStoreContext): void {
    this.context = context;
    if (this.keySerde === undefined) this.keySerde = context.defaultKeySerde as Serde<K>;
    if (this.valueSerde === undefined) {
      this.valueSerde = this.wrapDefaultValueSerde !== undefined ? this.wrapDefaultValueSerde(context.defaultValueSerde) : (context.defaultValueSerde as Serde<V>);
    }
    this.open = true;
  }
  flush(): void {}
  close(): void {
    this.open = false;
  }
  isOpen(): boolean {
    return this.open;
  }

  /** Segments currently held (whole segments are dropped on expiry). */
  segmentCount(): number {
    return this.segments.segmentCount();
  }
  approximateNumEntries(): number {
    return this.segments.entryCount();
  }

  put(key: K, value: V | null, windowStart: number): void {
    const k = this.serializeKey(key);
    const v = value === null ? null : this.valueSerde.serialize(this.name, value);
    const seq = this.putBytes(k, v, windowStart, null);
    const ctx = this.context;
    if (seq !== null && ctx !== null && this.options.changelogTopic !== null) {
      ctx.changelogSink.send({
        store: this.name,
        topic: this.options.changelogTopic,
        partition: ctx.partition,
        key: windowChangelogKey(k, windowStart, seq),
        value: v,
        timestamp: ctx.currentTimestamp(),
      });
    }
  }

  restore(changelogKey: Buffer, value: Buffer | null): void {
    const { key, windowStart, seq } = parseWindowChangelogKey(changelogKey);
    this.putBytes(Buffer.from(key), value, windowStart, seq);
  }

  /** Returns the sequence number used, or null when the record was expired and skipped. */
  private putBytes(key: Buffer, value: Buffer | null, windowStart: number, restoredSeq: number | null): number | null {
    // Kafka ignores deletes for duplicate-retaining stores, without advancing observed time
    // (so every advance is in the changelog and a restore reaches the same time).
    if (this.options.retainDuplicates && value === null) return null;
    this.observed = Math.max(this.observed, windowStart);
    if (windowStart <= this.observed - this.retentionPeriod) return null;
    let seq = 0;
    if (this.options.retainDuplicates) {
      seq = restoredSeq ?? (this.seq = (this.seq + 1) & 0x7fffffff);
      // After a restore, new duplicates must not reuse a restored sequence number and overwrite it.
      if (restoredSeq !== null) this.seq = Math.max(this.seq, restoredSeq);
    }
    const engineKey = this.engineKey(key, windowStart, seq);
    this.segments.put(windowStart, engineKey, value);
    if (value === null) this.index.remove(key, engineKey);
    else this.index.add(key, windowStart, engineKey);
    if (this.options.deferSegmentDrop !== true) this.dropExpiredSegments();
    return seq;
  }

  private engineKey(key: Buffer, ts: number, seq: number): Buffer {
    const out = Buffer.allocUnsafe(key.length + 12);
    writeOrderedTime(out, ts, 0);
    key.copy(out, 8);
    out.writeInt32BE(seq, key.length + 8);
    return out;
  }

  private scan(keyFrom: Buffer | null, keyTo: Buffer | null, from: number, to: number, includeExpired: boolean): Entry[] {
    const lo = includeExpired ? from : Math.max(from, this.observed - this.retentionPeriod + 1);
    const out: Entry[] = [];
    for (const kv of this.segments.range(lo, to)) {
      const key = kv.key.subarray(8, kv.key.length - 4);
      if (keyFrom !== null && Buffer.compare(key, keyFrom) < 0) continue;
      if (keyTo !== null && Buffer.compare(key, keyTo) > 0) continue;
      out.push({ key, windowStart: readOrderedTime(kv.key, 0), value: kv.value });
    }
    return out;
  }

  fetch(key: K, windowStart: number): V | null {
    if (windowStart <= this.observed - this.retentionPeriod) return null;
    const b = this.segments.get(windowStart, this.engineKey(this.serializeKey(key), windowStart, 0));
    return b === null ? null : this.valueSerde.deserialize(this.name, b);
  }
  fetchRange(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[] {
    const lo = Math.max(timeFrom, this.observed - this.retentionPeriod + 1);
    const out: KeyValue<number, V>[] = [];
    for (const w of this.index.fetch(this.serializeKey(key), lo, timeTo)) {
      const b = this.segments.get(w.windowStart, w.engineKey);
      if (b !== null) out.push({ key: w.windowStart, value: this.valueSerde.deserialize(this.name, b) as V });
    }
    return out;
  }
  backwardFetchRange(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[] {
    return this.fetchRange(key, timeFrom, timeTo).reverse();
  }
  fetchKeyRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
    return this.decode(this.scan(this.optKey(keyFrom), this.optKey(keyTo), timeFrom, timeTo, false));
  }
  backwardFetchKeyRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
    return this.fetchKeyRange(keyFrom, keyTo, timeFrom, timeTo).reverse();
  }
  fetchAll(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
    return this.decode(this.scan(null, null, timeFrom, timeTo, false));
  }
  backwardFetchAll(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
    return this.fetchAll(timeFrom, timeTo).reverse();
  }
  all(): KeyValue<Windowed<K>, V>[] {
    return this.fetchAll(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1);
  }
  backwardAll(): KeyValue<Windowed<K>, V>[] {
    return this.all().reverse();
  }

  /** Drops every segment that holds only expired windows. */
  dropExpiredSegments(): void {
    const before = this.segments.segmentCount();
    this.segments.dropUpTo(this.observed - this.retentionPeriod);
    if (this.segments.segmentCount() < before) this.index.pruneUpTo(this.observed - this.retentionPeriod);
  }

  /** @internal Emit-on-close passes read windows the retention filter already hides. */
  fetchAllIncludingExpired(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
    return this.decode(this.scan(null, null, timeFrom, timeTo, true));
  }

  private decode(entries: Entry[]): KeyValue<Windowed<K>, V>[] {
    return entries.map((e) => ({
      key: windowed(this.keySerde.deserialize(this.name, e.key) as K, e.windowStart, e.windowStart + this.windowSize),
      value: this.valueSerde.deserialize(this.name, e.value) as V,
    }));
  }
  private optKey(k: K | null): Buffer | null {
    return k === null ? null : this.serializeKey(k);
  }
  private serializeKey(key: K): Buffer {
    const b = this.keySerde.serialize(this.name, key);
    if (b === null) throw new TypeError(`store ${this.name}: key serialized to null`);
    return b;
  }
}
