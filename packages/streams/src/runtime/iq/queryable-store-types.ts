import type { ReadOnlyKeyValueStore } from '../../state/key-value-store.js';
import type { KeyValue } from '../../state/key-value.js';
import type { ReadOnlySessionStore } from '../../state/session/session-store.js';
import type { ValueAndTimestamp } from '../../state/value-and-timestamp.js';
import type { ReadOnlyWindowStore } from '../../state/window/window-store.js';

/** A read-only key-value view with async iteration for large ranges. */
export interface QueryableKeyValueStore<K, V> extends ReadOnlyKeyValueStore<K, V> {
  /** Iterates [from, to] task by task, yielding to the event loop between tasks. */
  rangeAsync(from: K | null, to: K | null): AsyncIterable<KeyValue<K, V>>;
  allAsync(): AsyncIterable<KeyValue<K, V>>;
}

/** Which kind of view `app.store()` returns (Kafka's QueryableStoreType). */
export interface QueryableStoreType<T> {
  readonly kind: 'keyValue' | 'timestampedKeyValue' | 'window' | 'timestampedWindow' | 'session';
  /** Phantom field carrying the view type; never set. */
  readonly _view?: T;
}

export const QueryableStoreTypes = {
  keyValueStore<K, V>(): QueryableStoreType<QueryableKeyValueStore<K, V>> {
    return { kind: 'keyValue' };
  },
  timestampedKeyValueStore<K, V>(): QueryableStoreType<QueryableKeyValueStore<K, ValueAndTimestamp<V>>> {
    return { kind: 'timestampedKeyValue' };
  },
  /** Window stores (in-memory or persistent); values of the DSL's timestamped stores come without their timestamp. */
  windowStore<K, V>(): QueryableStoreType<ReadOnlyWindowStore<K, V>> {
    return { kind: 'window' };
  },
  timestampedWindowStore<K, V>(): QueryableStoreType<ReadOnlyWindowStore<K, ValueAndTimestamp<V>>> {
    return { kind: 'timestampedWindow' };
  },
  sessionStore<K, V>(): QueryableStoreType<ReadOnlySessionStore<K, V>> {
    return { kind: 'session' };
  },
};
