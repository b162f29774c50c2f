import { WriteThroughStoreBuilder } from '../write-through-store-builder.js';
import { join } from 'node:path';
import type { DslStoreType } from '../../dsl/streams-config.js';
import type { Serde } from '../../serdes/serde.js';
import { PersistentWindowStore } from '../persistent/persistent-window-store.js';
import type { StoreBuildOptions } from '../store-builder.js';
import { valueAndTimestampSerde, type ValueAndTimestamp } from '../value-and-timestamp.js';
import { InMemoryWindowStore, type WindowStoreOptions } from './in-memory-window-store.js';
import type { WindowBytesStoreSupplier } from './window-store-supplier.js';

/**
 * The recipe for a window store. It has the shape the topology and tasks expect of a store
 * builder (name, logging flag, build(options)); window stores never cache, they write through.
 * Without a supplier (a DSL default) the store is in-memory unless the app's `defaultDslStore`
 * says 'persistent'.
 */
export class WindowStoreBuilder<K, V> extends WriteThroughStoreBuilder {
  constructor(
    name: string,
    readonly retentionMs: number,
    readonly windowSizeMs: number,
    readonly retainDuplicates: boolean,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    readonly timestamped: boolean,
    readonly deferSegmentDrop = false,
    readonly storeSupplier?: WindowBytesStoreSupplier,
  ) {
    super(name);
  }
  /** Whether `build` makes a LevelDB-backed store under this DSL default. */
  isPersistent(defaultDslStore: DslStoreType | undefined): boolean {
    return this.storeSupplier?.persistent ?? defaultDslStore === 'persistent';
  }
  build(options: StoreBuildOptions): InMemoryWindowStore<K, V> | InMemoryWindowStore<K, ValueAndTimestamp<V>> {
    const opts: WindowStoreOptions = {
      name: this.name,
      retentionMs: this.retentionMs,
      windowSizeMs: this.windowSizeMs,
      retainDuplicates: this.retainDuplicates,
      changelogTopic: this.logging ? options.changelogTopic : null,
      deferSegmentDrop: this.deferSegmentDrop,
      ...(this.storeSupplier?.segmentIntervalMs === undefined ? {} : { segmentIntervalMs: this.storeSupplier.segmentIntervalMs }),
    };
    const persistent = this.isPersistent(options.defaultDslStore);
    const dir = options.directory !== undefined ? join(options.directory, this.name) : (this.storeSupplier?.defaultDirectory ?? join('.tributary-state', this.name));
    const make = <T>(vs: Serde<T> | undefined, wrap: ((d: Serde<unknown>) => Serde<T>) | undefined): InMemoryWindowStore<K, T> =>
      persistent ? new PersistentWindowStore<K, T>(opts, dir, this.keySerde, vs, wrap) : new InMemoryWindowStore<K, T>(opts, this.keySerde, vs, wrap);
    if (!this.timestamped) return make<V>(this.valueSerde, undefined);
    const vs = this.valueSerde;
    return make<ValueAndTimestamp<V>>(vs === undefined ? undefined : valueAndTimestampSerde(vs), (d) => valueAndTimestampSerde(d) as Serde<ValueAndTimestamp<V>>);
  }
}
