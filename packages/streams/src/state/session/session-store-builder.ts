import type { Serde } from '../../serdes/serde.js';
import type { StoreBuildOptions } from '../store-builder.js';
import { InMemorySessionStore } from './in-memory-session-store.js';

/** The recipe for a session store (write-through; no caching layer). */
export class SessionStoreBuilder<K, V> {
  private logging = true;
  constructor(
    readonly name: string,
    readonly retentionMs: number,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    readonly deferSegmentDrop = false,
  ) {}
  get loggingEnabled(): boolean {
    return this.logging;
  }
  get cachingEnabled(): boolean {
    return false;
  }
  withLoggingDisabled(): this {
    this.logging = false;
    return this;
  }
  withLoggingEnabled(): this {
    this.logging = true;
    return this;
  }
  withCachingEnabled(): this {
    return this;
  }
  withCachingDisabled(): this {
    return this;
  }
  build(options: StoreBuildOptions): InMemorySessionStore<K, V> {
    return new InMemorySessionStore<K, V>({ name: this.name, retentionMs: this.retentionMs, changelogTopic: this.logging ? options.changelogTopic : null, deferSegmentDrop: this.deferSegmentDrop }, this.keySerde, this.valueSerde);
  }
}
