import type { Serde } from '../serdes/serde.js';
import type { BytesStore } from './bytes-store.js';
import type { KeyValue } from './key-value.js';
import type { KeyValueStore } from './key-value-store.js';
import type { StateStoreContext } from './state-store.js';

/** The outer layer: the only place serdes run; everything below works on bytes. */
export class TypedKeyValueStore<K, V> implements KeyValueStore<K, V> {
  readonly name: string;
  private keySerde: Serde<K>;
  private valueSerde: Serde<V>;

  constructor(
    readonly bytes: BytesStore,
    keySerde: Serde<K> | undefined,
    valueSerde: Serde<V> | undefined,
    private readonly wrapValueSerde: ((inner: Serde<unknown>) => Serde<V>) | undefined = undefined,
  ) {
    this.name = bytes.name;
    // Resolved against the config defaults in init() when left undefined.
    this.keySerde = keySerde as Serde<K>;
    this.valueSerde = valueSerde as Serde<V>;
  }

  get persistent(): boolean {
    return this.bytes.persistent;
  }
  init(context: StateStoreContext): void {
    if (this.keySerde === undefined) this.keySerde = context.defaultKeySerde as Serde<K>;
    if (this.valueSerde === undefined) {
      this.valueSerde = this.wrapValueSerde !== undefined
        ? this.wrapValueSerde(context.defaultValueSerde)
        : (context.defaultValueSerde as Serde<V>);
    }
    this.bytes.init(context);
  }
  flush(): void {
    this.bytes.flush();
  }
  close(): void {
    this.bytes.close();
  }
  isOpen(): boolean {
    return this.bytes.isOpen();
  }

  serializeKey(key: K): Buffer {
    const b = this.keySerde.serialize(this.name, key);
    if (b === null) throw new TypeError(`store ${this.name}: key serialized to null`);
    return b;
  }
  deserializeKey(b: Buffer): K {
    return this.keySerde.deserialize(this.name, b) as K;
  }
  deserializeValue(b: Buffer | null): V | null {
    return b === null ? null : this.valueSerde.deserialize(this.name, b);
  }

  get(key: K): V | null {
    return this.deserializeValue(this.bytes.get(this.serializeKey(key)));
  }
  put(key: K, value: V | null): void {
    this.bytes.put(this.serializeKey(key), value === null ? null : this.valueSerde.serialize(this.name, value));
  }
  putIfAbsent(key: K, value: V): V | null {
    const old = this.get(key);
    if (old === null) this.put(key, value);
    return old;
  }
  putAll(entries: readonly KeyValue<K, V | null>[]): void {
    for (const e of entries) this.put(e.key, e.value);
  }
  delete(key: K): V | null {
    const old = this.get(key);
    this.put(key, null);
    return old;
  }
  range(from: K | null, to: K | null): KeyValue<K, V>[] {
    return this.decode(this.bytes.range(this.optKey(from), this.optKey(to), false));
  }
  reverseRange(from: K | null, to: K | null): KeyValue<K, V>[] {
    return this.decode(this.bytes.range(this.optKey(from), this.optKey(to), true));
  }
  all(): KeyValue<K, V>[] {
    return this.decode(this.bytes.range(null, null, false));
  }
  approximateNumEntries(): number {
    return this.bytes.approximateNumEntries();
  }

  private optKey(k: K | null): Buffer | null {
    return k === null ? null : this.serializeKey(k);
  }
  private decode(rows: KeyValue<Buffer, Buffer>[]): KeyValue<K, V>[] {
    return rows.map((r) => ({ key: this.deserializeKey(r.key), value: this.deserializeValue(r.value) as V }));
  }
}
