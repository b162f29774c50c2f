import type { Serde } from '../../serdes/serde.js';
import type { StoreBuildOptions } from '../store-builder.js';
import { valueAndTimestampSerde, type ValueAndTimestamp } from '../value-and-timestamp.js';
import { InMemoryWindowStore } from './in-memory-window-store.js';

/**
 * The recipe for a window store. It has the shape the topology and tasks expect of a store
 * builder (name, logging flag, build(options)); window stores never cache, they write through.
 */
export class WindowStoreBuilder<K, V> {
  private logging = true;
  constructor(
    readonly name: string,
    readonly retentionMs: number,
    readonly windowSizeMs: number,
    readonly retainDuplicates: boolean,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    readonly timestamped: boolean,
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
  build(options: StoreBuildOptions): InMemoryWindowStore<K, V> | InMemoryWindowStore<K, ValueAndTimestamp<V>> {
    const opts = {
      name: this.name,
      retentionMs: this.retentionMs,
      windowSizeMs: this.windowSizeMs,
      retainDuplicates: this.retainDuplicates,
      changelogTopic: this.logging ? options.changelogTopic : null,
      deferSegmentDrop: this.deferSegmentDrop,
    };
    if (!this.timestamped) return new InMemoryWindowStore<K, V>(opts, this.keySerde, this.valueSerde, undefined);
    const vs = this.valueSerde;
    return new InMemoryWindowStore<K, ValueAndTimestamp<V>>(opts, this.keySerde, vs === undefined ? undefined : valueAndTimestampSerde(vs), (d) => valueAndTimestampSerde(d) as Serde<ValueAndTimestamp<V>>);
  }
}
