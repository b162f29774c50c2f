import { WriteThroughStoreBuilder } from '../write-through-store-builder.js';
import { join } from 'node:path';
import type { DslStoreType } from '../../dsl/streams-config.js';
import { resolveSerde, type Serde } from '../../serdes/serde.js';
import { PersistentOuterJoinStore } from '../persistent/persistent-outer-join-store.js';
import type { StoreBuildOptions } from '../store-builder.js';
import type { StateStore, StateStoreContext } from '../state-store.js';
import { readOrderedTime, writeOrderedTime } from './window-key-schema.js';

/** Records of a left/outer stream-stream join still waiting for a partner, grouped by (time, side, key). */
export interface OuterJoinEntry<K> {
  readonly timestamp: number;
  readonly isLeft: boolean;
  readonly key: K;
  readonly values: unknown[];
}

/** What the stream-stream join processors need of the shared outer-join store (in memory or on disk). */
export interface OuterJoinBuffer<K> extends StateStore {
  add(timestamp: number, isLeft: boolean, key: K, value: unknown): void;
  remove(timestamp: number, isLeft: boolean, key: K): void;
  scan(visit: (entry: OuterJoinEntry<K>) => 'emit' | 'skip' | 'stop'): void;
  restore(changelogKey: Buffer, value: Buffer | null): void;
  size(): number;
}

/**
 * The "shared" outer-join store (Kafka's KSTREAM-OUTERSHARED store): ordered by timestamp,
 * then side (right before left, as Kafka's key layout <ts><side flag><key> sorts), then key bytes.
 * Each entry keeps every value in arrival order. Changelogged with key <ts(8)><side(1)><key>
 * and value <count(4)> then <len(4)><bytes> per value.
 */
export class OuterJoinStore<K> implements OuterJoinBuffer<K> {
  readonly persistent = false;
  private readonly byKey = new Map<string, OuterJoinEntry<K> & { sortKey: string }>();
  private sorted: (OuterJoinEntry<K> & { sortKey: string })[] = [];
  private open = false;
  private context: StateStoreContext | null = null;
  private keySerde!: Serde<K>;
  private leftSerde!: Serde<unknown>;
  private rightSerde!: Serde<unknown>;
  /** Changelog entries restored before init (serdes unknown yet), decoded by init: key → value. */
  private readonly staged = new Map<string, Buffer>();

  constructor(
    readonly name: string,
    private readonly serdes: { key: Serde<K> | undefined; left: Serde<unknown> | undefined; right: Serde<unknown> | undefined },
    private readonly changelogTopic: string | null,
  ) {}

  init(context: StateStoreContext): void {
    this.context = context;
    const d: [Serde<unknown>, Serde<unknown>] = [context.defaultKeySerde, context.defaultValueSerde];
    this.keySerde = resolveSerde(this.serdes.key as Serde<unknown> | undefined, d[0], d) as Serde<K>;
    this.leftSerde = resolveSerde(this.serdes.left, d[1], d);
    this.rightSerde = resolveSerde(this.serdes.right, d[1], d);
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
  size(): number {
    return this.sorted.length;
  }

  add(timestamp: number, isLeft: boolean, key: K, value: unknown): void {
    const storeKey = this.storeKey(timestamp, isLeft, key);
    const k = storeKey.toString('latin1');
    let e = this.byKey.get(k);
    if (e === undefined) {
      e = { timestamp, isLeft, key, values: [], sortKey: k };
      this.insert(e);
    }
    e.values.push(value);
    this.log(storeKey, e);
  }

  /** Forgets a (time, side, key) group: its records joined after all. */
  remove(timestamp: number, isLeft: boolean, key: K): void {
    const storeKey = this.storeKey(timestamp, isLeft, key);
    const k = storeKey.toString('latin1');
    const e = this.byKey.get(k);
    if (e === undefined) return;
    this.drop(e);
    this.log(storeKey, null);
  }

  /** Entries in store order; `visit` returns 'emit' to remove-and-keep-going, 'skip', or 'stop'. */
  scan(visit: (entry: OuterJoinEntry<K>) => 'emit' | 'skip' | 'stop'): void {
    for (const e of [...this.sorted]) {
      const verdict = visit(e);
      if (verdict === 'stop') return;
      if (verdict === 'emit') {
        this.drop(e);
        this.log(Buffer.from(e.sortKey, 'latin1'), null);
      }
    }
  }

  /** Applies one changelog record; before init (the runtime restores first) entries stay as bytes. */
  restore(changelogKey: Buffer, value: Buffer | null): void {
    if (this.keySerde === undefined) {
      const k = changelogKey.toString('latin1');
      if (value === null) this.staged.delete(k);
      else this.staged.set(k, Buffer.from(value));
      return;
    }
    this.restoreDecoded(changelogKey, value);
  }

  private restoreDecoded(changelogKey: Buffer, value: Buffer | null): void {
    const k = changelogKey.toString('latin1');
    const prev = this.byKey.get(k);
    if (prev !== undefined) this.drop(prev);
    if (value === null) return;
    const isLeft = changelogKey[8] === 1;
    const serde = isLeft ? this.leftSerde : this.rightSerde;
    const values: unknown[] = [];
    let o = 4;
    for (let i = 0, n = value.readInt32BE(0); i < n; i++) {
      const len = value.readInt32BE(o);
      values.push(serde.deserialize(this.name, value.subarray(o + 4, o + 4 + len)));
      o += 4 + len;
    }
    this.insert({ timestamp: readOrderedTime(changelogKey, 0), isLeft, key: this.keySerde.deserialize(this.name, changelogKey.subarray(9)) as K, values, sortKey: k });
  }

  private storeKey(ts: number, isLeft: boolean, key: K): Buffer {
    const kb = this.keySerde.serialize(this.name, key);
    if (kb === null) throw new TypeError(`store ${this.name}: key serialized to null`);
    const out = Buffer.allocUnsafe(9 + kb.length);
    writeOrderedTime(out, ts, 0);
    out[8] = isLeft ? 1 : 0;
    kb.copy(out, 9);
    return out;
  }

  private insert(e: OuterJoinEntry<K> & { sortKey: string }): void {
    this.byKey.set(e.sortKey, e);
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]!.sortKey < e.sortKey) lo = mid + 1;
      else hi = mid;
    }
    this.sorted.splice(lo, 0, e);
  }

  private drop(e: OuterJoinEntry<K> & { sortKey: string }): void {
    this.byKey.delete(e.sortKey);
    const i = this.sorted.indexOf(e);
    if (i >= 0) this.sorted.splice(i, 1);
  }

  private log(key: Buffer, e: OuterJoinEntry<K> | null): void {
    const ctx = this.context;
    if (ctx === null || this.changelogTopic === null) return;
    let value: Buffer | null = null;
    if (e !== null) {
      const serde = e.isLeft ? this.leftSerde : this.rightSerde;
      const parts: Buffer[] = [Buffer.alloc(4)];
      parts[0]!.writeInt32BE(e.values.length, 0);
      for (const v of e.values) {
        const b = serde.serialize(this.name, v) ?? Buffer.alloc(0);
        const len = Buffer.allocUnsafe(4);
        len.writeInt32BE(b.length, 0);
        parts.push(len, b);
      }
      value = Buffer.concat(parts);
    }
    ctx.changelogSink.send({ store: this.name, topic: this.changelogTopic, partition: ctx.partition, key, value, timestamp: ctx.currentTimestamp() });
  }
}

/**
 * Builds the shared outer-join store. Like Kafka, it follows the join's this-side store supplier
 * when one is given (`persistent`), else the app's `defaultDslStore`.
 */
export class OuterJoinStoreBuilder<K> extends WriteThroughStoreBuilder {
  constructor(
    name: string,
    readonly serdes: { key: Serde<K> | undefined; left: Serde<unknown> | undefined; right: Serde<unknown> | undefined },
    /** The this-side supplier's persistence; undefined follows `defaultDslStore`. */
    readonly persistent?: boolean,
  ) {
    super(name);
  }
  /** Not timestamped: restored raw from its own changelog. */
  get timestamped(): boolean {
    return false;
  }
  /** Whether `build` makes a LevelDB-backed store under this DSL default. */
  isPersistent(defaultDslStore: DslStoreType | undefined): boolean {
    return this.persistent ?? defaultDslStore === 'persistent';
  }
  build(options: StoreBuildOptions): OuterJoinBuffer<K> {
    const changelog = this.logging ? options.changelogTopic : null;
    if (!this.isPersistent(options.defaultDslStore)) return new OuterJoinStore<K>(this.name, this.serdes, changelog);
    const dir = join(options.directory ?? '.tributary-state', this.name);
    return new PersistentOuterJoinStore<K>(this.name, this.serdes, changelog, dir);
  }
}
