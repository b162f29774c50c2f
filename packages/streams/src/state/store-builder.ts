import type { DslStoreType } from '../dsl/streams-config.js';
import type { Serde } from '../serdes/serde.js';
import type { BytesStore } from './bytes-store.js';
import { CachingBytesStore } from './caching-bytes-store.js';
import { ChangeLoggingBytesStore } from './changelogging-bytes-store.js';
import { InMemoryBytesStore } from './in-memory-bytes-store.js';
import type { KeyValueStore, TimestampedKeyValueStore } from './key-value-store.js';
import { persistentKeyValueStore } from './persistent/persistent-key-value-store.js';
import { SessionStoreBuilder } from './session/session-store-builder.js';
import { sessionSupplier, type SessionBytesStoreSupplier } from './session/session-store-supplier.js';
import { TypedKeyValueStore } from './typed-key-value-store.js';
import { valueAndTimestampSerde, type ValueAndTimestamp } from './value-and-timestamp.js';
import { WindowStoreBuilder } from './window/window-store-builder.js';
import { windowSupplier, type WindowBytesStoreSupplier, type WindowStoreParams } from './window/window-store-supplier.js';
import { persistentSessionStore, persistentTimestampedWindowStore, persistentWindowStore } from './persistent/persistent-window-suppliers.js';

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
  /** The task directory: persistent window and session stores live in `<directory>/<store>`. */
  directory?: string;
  /** The app's `defaultDslStore`, for window and session builders made by the DSL without a supplier. */
  defaultDslStore?: DslStoreType;
}

/** Any store supplier `Materialized.as` accepts. */
export type StoreSupplier = BytesStoreSupplier | WindowBytesStoreSupplier | SessionBytesStoreSupplier;

/** A key-value supplier made by the DSL because the user gave none; the runtime may swap it for a persistent one. */
export interface DslDefaultBytesStoreSupplier extends BytesStoreSupplier {
  readonly dslDefault: true;
}

/** What DSL operators use without a supplier: in-memory unless the app's `defaultDslStore` is 'persistent'. */
export function dslDefaultKeyValueStore(name: string): DslDefaultBytesStoreSupplier {
  return { name, persistent: false, dslDefault: true, get: () => new InMemoryBytesStore(name) };
}

/** The supplier a key-value store really gets under the app's `defaultDslStore`. */
export function resolveKeyValueSupplier(supplier: BytesStoreSupplier, defaultDslStore: DslStoreType | undefined): BytesStoreSupplier {
  const dslDefault = (supplier as Partial<DslDefaultBytesStoreSupplier>).dslDefault === true;
  return dslDefault && defaultDslStore === 'persistent' ? persistentKeyValueStore(supplier.name) : supplier;
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

/** Any store recipe `StreamsBuilder.addStateStore` takes: key-value (plain or timestamped), window or session. */
export type StateStoreBuilder<K, V> =
  | StoreBuilder<K, V, KeyValueStore<K, V>>
  | WindowStoreBuilder<K, V>
  | SessionStoreBuilder<K, V>;

/** Factories for store suppliers and builders, mirroring Kafka's `Stores`. */
export const Stores = {
  inMemoryKeyValueStore(name: string): BytesStoreSupplier {
    return { name, persistent: false, get: () => new InMemoryBytesStore(name) };
  },
  /** A LevelDB (classic-level) key-value store, placed by the runtime in the task directory. */
  persistentKeyValueStore(name: string): BytesStoreSupplier {
    return persistentKeyValueStore(name);
  },
  inMemoryWindowStore(name: string, params: WindowStoreParams): WindowBytesStoreSupplier {
    return windowSupplier(name, false, false, params);
  },
  /** Segmented LevelDB window store: `<taskDir>/<name>/<name>.<segment start>/` per time segment. */
  persistentWindowStore(name: string, params: WindowStoreParams): WindowBytesStoreSupplier {
    return persistentWindowStore(name, params);
  },
  persistentTimestampedWindowStore(name: string, params: WindowStoreParams): WindowBytesStoreSupplier {
    return persistentTimestampedWindowStore(name, params);
  },
  inMemorySessionStore(name: string, retentionMs: number): SessionBytesStoreSupplier {
    return sessionSupplier(name, false, retentionMs);
  },
  /** Segmented LevelDB session store (segments by session end), laid out like the window store. */
  persistentSessionStore(name: string, retentionMs: number): SessionBytesStoreSupplier {
    return persistentSessionStore(name, retentionMs);
  },
  windowStoreBuilder<K, V>(supplier: WindowBytesStoreSupplier, keySerde?: Serde<K>, valueSerde?: Serde<V>): WindowStoreBuilder<K, V> {
    return new WindowStoreBuilder<K, V>(supplier.name, supplier.retentionMs, supplier.windowSizeMs, supplier.retainDuplicates, keySerde, valueSerde, false, false, supplier);
  },
  /** Values are stored as ValueAndTimestamp (what the DSL's windowed aggregations use). */
  timestampedWindowStoreBuilder<K, V>(supplier: WindowBytesStoreSupplier, keySerde?: Serde<K>, valueSerde?: Serde<V>): WindowStoreBuilder<K, V> {
    return new WindowStoreBuilder<K, V>(supplier.name, supplier.retentionMs, supplier.windowSizeMs, supplier.retainDuplicates, keySerde, valueSerde, true, false, supplier);
  },
  sessionStoreBuilder<K, V>(supplier: SessionBytesStoreSupplier, keySerde?: Serde<K>, valueSerde?: Serde<V>): SessionStoreBuilder<K, V> {
    return new SessionStoreBuilder<K, V>(supplier.name, supplier.retentionMs, keySerde, valueSerde, false, supplier);
  },
  keyValueStoreBuilder<K, V>(supplier: BytesStoreSupplier, keySerde?: Serde<K>, valueSerde?: Serde<V>): StoreBuilder<K, V> {
    return new StoreBuilder<K, V>(supplier, keySerde, valueSerde, false);
  },
  timestampedKeyValueStoreBuilder<K, V>(
    supplier: BytesStoreSupplier,
    keySerde?: Serde<K>,
    valueSerde?: Serde<V>,
  ): StoreBuilder<K, ValueAndTimestamp<V>, TimestampedKeyValueStore<K, V>> {
    return new StoreBuilder(supplier, keySerde, valueSerde, true);
  },
};
