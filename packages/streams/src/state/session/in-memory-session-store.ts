import { windowed, type Windowed } from '../../dsl/windowed.js';
import type { Serde } from '../../serdes/serde.js';
import type { KeyValue } from '../key-value.js';
import type { StateStoreContext } from '../state-store.js';
import { defaultSegmentInterval, Segments } from '../window/segments.js';
import { parseSessionChangelogKey, readOrderedTime, sessionChangelogKey, writeOrderedTime } from '../window/window-key-schema.js';
import type { SessionStore } from './session-store.js';

export interface SessionStoreOptions {
  readonly name: string;
  readonly retentionMs: number;
  readonly changelogTopic: string | null;
  /** Emit-on-close aggregations drop expired segments themselves, after their emit pass. */
  readonly deferSegmentDrop?: boolean;
}

/**
 * An in-memory session store segmented by session end. A session whose end is at or before
 * `observed - retention` (observed = max session end put) is expired, as in Kafka.
 * Changelog keys use Kafka's `<key><end><start>` layout.
 */
export class InMemorySessionStore<K, V> implements SessionStore<K, V> {
  readonly name: string;
  readonly persistent: boolean = false;
  readonly retentionPeriod: number;
  // Protected: PersistentSessionStore reuses this logic over LevelDB segments.
  protected readonly segments: Segments;
  protected observed = Number.MIN_SAFE_INTEGER;
  protected open = false;
  private context: StateStoreContext | null = null;
  private keySerde: Serde<K>;
  private valueSerde: Serde<V>;

  constructor(
    private readonly options: SessionStoreOptions,
    keySerde: Serde<K> | undefined,
    valueSerde: Serde<V> | undefined,
    segments?: Segments,
  ) {
    this.name = options.name;
    this.retentionPeriod = options.retentionMs;
    this.segments = segments ?? new Segments(options.name, defaultSegmentInterval(options.retentionMs));
    this.keySerde = keySerde as Serde<K>;
    this.valueSerde = valueSerde as Serde<V>;
  }

  init(context: StateStoreContext): void {
    this.context = context;
    if (this.keySerde === undefined) this.keySerde = context.defaultKeySerde as Serde<K>;
    if (this.valueSerde === undefined) this.valueSerde = context.defaultValueSerde as Serde<V>;
    this.open = true;
  }
  flush(): void {}
  close(): void {
    this.open = false;
  }
  isOpen(): boolean {
    return this.open;
  }
  segmentCount(): number {
    return this.segments.segmentCount();
  }

  put(session: Windowed<K>, value: V | null): void {
    const k = this.serializeKey(session.key);
    const v = value === null ? null : this.valueSerde.serialize(this.name, value);
    const { start, end } = session.window;
    if (!this.putBytes(k, start, end, v)) return;
    const ctx = this.context;
    if (ctx !== null && this.options.changelogTopic !== null) {
      ctx.changelogSink.send({
        store: this.name,
        topic: this.options.changelogTopic,
        partition: ctx.partition,
        key: sessionChangelogKey(k, start, end),
        value: v,
        timestamp: ctx.currentTimestamp(),
      });
    }
  }
  remove(session: Windowed<K>): void {
    this.put(session, null);
  }
  restore(changelogKey: Buffer, value: Buffer | null): void {
    const { key, start, end } = parseSessionChangelogKey(changelogKey);
    this.putBytes(Buffer.from(key), start, end, value);
  }

  private putBytes(key: Buffer, start: number, end: number, value: Buffer | null): boolean {
    this.observed = Math.max(this.observed, end);
    if (end <= this.observed - this.retentionPeriod) return false;
    this.segments.put(end, this.engineKey(key, start, end), value);
    if (this.options.deferSegmentDrop !== true) this.dropExpiredSegments();
    return true;
  }

  /** Drops wholly expired segments; `limit` keeps sessions ending after it (not yet emitted). */
  dropExpiredSegments(limit = Number.MAX_SAFE_INTEGER): void {
    this.segments.dropUpTo(Math.min(limit, this.observed - this.retentionPeriod));
  }

  private engineKey(key: Buffer, start: number, end: number): Buffer {
    const out = Buffer.allocUnsafe(key.length + 16);
    writeOrderedTime(out, end, 0);
    key.copy(out, 8);
    writeOrderedTime(out, start, key.length + 8);
    return out;
  }

  private scan(keyFrom: Buffer | null, keyTo: Buffer | null, earliestEnd: number, latestStart: number, includeExpired = false): KeyValue<Windowed<K>, V>[] {
    const lo = includeExpired ? earliestEnd : Math.max(earliestEnd, this.observed - this.retentionPeriod + 1);
    const out: KeyValue<Windowed<K>, V>[] = [];
    for (const kv of this.segments.range(lo, Number.MAX_SAFE_INTEGER - 1)) {
      const start = readOrderedTime(kv.key, kv.key.length - 8);
      if (start > latestStart) continue;
      const key = kv.key.subarray(8, kv.key.length - 8);
      if (keyFrom !== null && Buffer.compare(key, keyFrom) < 0) continue;
      if (keyTo !== null && Buffer.compare(key, keyTo) > 0) continue;
      out.push({
        key: windowed(this.keySerde.deserialize(this.name, key) as K, start, readOrderedTime(kv.key, 0)),
        value: this.valueSerde.deserialize(this.name, kv.value) as V,
      });
    }
    return out;
  }

  fetchSession(key: K, sessionStart: number, sessionEnd: number): V | null {
    if (sessionEnd <= this.observed - this.retentionPeriod) return null;
    const b = this.segments.get(sessionEnd, this.engineKey(this.serializeKey(key), sessionStart, sessionEnd));
    return b === null ? null : this.valueSerde.deserialize(this.name, b);
  }
  findSessions(key: K, earliestSessionEnd: number, latestSessionStart: number): KeyValue<Windowed<K>, V>[] {
    const k = this.serializeKey(key);
    return this.scan(k, k, earliestSessionEnd, latestSessionStart);
  }
  backwardFindSessions(key: K, earliestSessionEnd: number, latestSessionStart: number): KeyValue<Windowed<K>, V>[] {
    return this.findSessions(key, earliestSessionEnd, latestSessionStart).reverse();
  }
  findSessionsKeyRange(keyFrom: K | null, keyTo: K | null, earliestSessionEnd: number, latestSessionStart: number): KeyValue<Windowed<K>, V>[] {
    return this.scan(keyFrom === null ? null : this.serializeKey(keyFrom), keyTo === null ? null : this.serializeKey(keyTo), earliestSessionEnd, latestSessionStart);
  }
  /** @internal Emit-on-close passes read sessions the retention filter already hides. */
  findAllSessionsIncludingExpired(earliestSessionEnd: number): KeyValue<Windowed<K>, V>[] {
    return this.scan(null, null, earliestSessionEnd, Number.MAX_SAFE_INTEGER, true);
  }
  fetch(key: K): KeyValue<Windowed<K>, V>[] {
    return this.findSessions(key, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  }
  backwardFetch(key: K): KeyValue<Windowed<K>, V>[] {
    return this.fetch(key).reverse();
  }
  all(): KeyValue<Windowed<K>, V>[] {
    return this.scan(null, null, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  }

  private serializeKey(key: K): Buffer {
    const b = this.keySerde.serialize(this.name, key);
    if (b === null) throw new TypeError(`store ${this.name}: key serialized to null`);
    return b;
  }
}
