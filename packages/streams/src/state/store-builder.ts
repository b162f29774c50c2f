import type { Serde } from '../serdes/serde.js';
import type { BytesStore } from './bytes-store.js';
import { CachingBytesStore } from './caching-bytes-store.js';
import { ChangeLoggingBytesStore } from './changelogging-bytes-store.js';
import { InMemoryBytesStore } from './in-memory-bytes-store.js';
import type { KeyValueStore, TimestampedKeyValueStore } from './key-value-store.js';
import { TypedKeyValueStore } from './typed-key-value-store.js';
import { valueAndTimestampSerde } from './value-and-timestamp.js';

/** Makes the byte engine of a store (in-memory, classic-level, ...). */
export interface BytesStoreSupplier {
  readonly name: string;
  readonly persistent: boolean;
  get(): BytesStore;
}

/** Options the runtime fills in when it builds a store for a task. */
export interface StoreBuildOptions {
  /** Full changelog topic name (already prefixed with the application id), or null when logging is off. */
  changelogTopic: string | null;
  /** Cache size in bytes; 0 or caching disabled means write-through. */
  cacheMaxBytes: number;
}

/** A recipe for a store: engine + serdes + which layers wrap it. Built once per task. */
export class StoreBuilder<K, V, S extends KeyValueStore<K, V> = KeyValueStore<K, V>> {
  private logging = true;
  private caching = false;
  readonly timestamped: boolean;

  constructor(
    readonly supplier: BytesStoreSupplier,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<unknown> | undefined,
    timestamped: boolean,
  ) {
    this.timestamped = timestamped;
  }

  get name(): string {
    return this.supplier.name;
  }
  get loggingEnabled(): boolean {
    return this.logging;
  }
  get cachingEnabled(): boolean {
    return this.caching;
  }
  withLoggingEnabled(): this {
    this.logging = true;
    return this;
  }
  withLoggingDisabled(): this {
    this.logging = false;
    return this;
  }
  withCachingEnabled(): this {
    this.caching = true;
    return this;
  }
  withCachingDisabled(): this {
    this.caching = false;
    return this;
  }

  /** Layers: typed (serdes) → caching → changelogging → engine. */
  build(options: StoreBuildOptions): S {
    let bytes: BytesStore = this.supplier.get();
    if (this.logging && options.changelogTopic !== null) bytes = new ChangeLoggingBytesStore(bytes, options.changelogTopic);
    if (this.caching && options.cacheMaxBytes > 0) bytes = new CachingBytesStore(bytes, options.cacheMaxBytes);
    if (this.timestamped) {
      const vs = this.valueSerde;
      return new TypedKeyValueStore(
        bytes,
        this.keySerde,
        vs === undefined ? undefined : valueAndTimestampSerde(vs),
        (d) => valueAndTimestampSerde(d),
      ) as unknown as S;
    }
    return new TypedKeyValueStore(bytes, this.keySerde, this.valueSerde as Serde<V> | undefined) as unknown as S;
  }
}

/** Factories for store suppliers and builders, mirroring Kafka's `Stores`. */
export const Stores = {
  inMemoryKeyValueStore(name: string): BytesStoreSupplier {
    return { name, persistent: false, get: () => new InMemoryBytesStore(name) };
  },
  keyValueStoreBuilder<K, V>(supplier: BytesStoreSupplier, keySerde?: Serde<K>, valueSerde?: Serde<V>): StoreBuilder<K, V> {
    return new StoreBuilder<K, V>(supplier, keySerde, valueSerde, false);
  },
  timestampedKeyValueStoreBuilder<K, V>(
    supplier: BytesStoreSupplier,
    keySerde?: Serde<K>,
    valueSerde?: Serde<V>,
  ): StoreBuilder<K, import('./value-and-timestamp.js').ValueAndTimestamp<V>, TimestampedKeyValueStore<K, V>> {
    return new StoreBuilder(supplier, keySerde, valueSerde, true);
  },
};
