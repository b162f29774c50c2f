import { WriteThroughStoreBuilder } from '../write-through-store-builder.js';
import { join } from 'node:path';
import type { DslStoreType } from '../../dsl/streams-config.js';
import type { Serde } from '../../serdes/serde.js';
import { PersistentSessionStore } from '../persistent/persistent-session-store.js';
import type { StoreBuildOptions } from '../store-builder.js';
import { InMemorySessionStore, type SessionStoreOptions } from './in-memory-session-store.js';
import type { SessionBytesStoreSupplier } from './session-store-supplier.js';

/**
 * The recipe for a session store (write-through; no caching layer). Without a supplier (a DSL
 * default) the store is in-memory unless the app's `defaultDslStore` says 'persistent'.
 */
export class SessionStoreBuilder<K, V> extends WriteThroughStoreBuilder {
  constructor(
    name: string,
    readonly retentionMs: number,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    readonly deferSegmentDrop = false,
    readonly storeSupplier?: SessionBytesStoreSupplier,
  ) {
    super(name);
  }
  /** Session values carry no timestamp wrapper. */
  get timestamped(): boolean {
    return false;
  }
  /** Whether `build` makes a LevelDB-backed store under this DSL default. */
  isPersistent(defaultDslStore: DslStoreType | undefined): boolean {
    return this.storeSupplier?.persistent ?? defaultDslStore === 'persistent';
  }
  build(options: StoreBuildOptions): InMemorySessionStore<K, V> {
    const opts: SessionStoreOptions = { name: this.name, retentionMs: this.retentionMs, changelogTopic: this.logging ? options.changelogTopic : null, deferSegmentDrop: this.deferSegmentDrop };
    if (!this.isPersistent(options.defaultDslStore)) return new InMemorySessionStore<K, V>(opts, this.keySerde, this.valueSerde);
    const dir = options.directory !== undefined ? join(options.directory, this.name) : (this.storeSupplier?.defaultDirectory ?? join('.tributary-state', this.name));
    return new PersistentSessionStore<K, V>(opts, dir, this.keySerde, this.valueSerde);
  }
}
