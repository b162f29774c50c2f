import type { ReadOnlyKeyValueStore } from '../../state/key-value-store.js';
import type { KeyValue } from '../../state/key-value.js';

/** A read-only key-value view with async iteration for large ranges. */
export interface QueryableKeyValueStore<K, V> extends ReadOnlyKeyValueStore<K, V> {
  /** Iterates [from, to] task by task, yielding to the event loop between tasks. */
  rangeAsync(from: K | null, to: K | null): AsyncIterable<KeyValue<K, V>>;
  allAsync(): AsyncIterable<KeyValue<K, V>>;
}

/** Which kind of view `app.store()` returns (Kafka's QueryableStoreType). */
export interface QueryableStoreType<T> {
  readonly kind: 'keyValue' | 'timestampedKeyValue';
  /** Phantom field carrying the view type; never set. */
  readonly _view?: T;
}

export const QueryableStoreTypes = {
  keyValueStore<K, V>(): QueryableStoreType<QueryableKeyValueStore<K, V>> {
    return { kind: 'keyValue' };
  },
  timestampedKeyValueStore<K, V>(): QueryableStoreType<QueryableKeyValueStore<K, import('../../state/value-and-timestamp.js').ValueAndTimestamp<V>>> {
    return { kind: 'timestampedKeyValue' };
  },
};
