import type { KeyValue } from './key-value.js';
import type { StateStore } from './state-store.js';
import type { ValueAndTimestamp } from './value-and-timestamp.js';

export interface ReadOnlyKeyValueStore<K, V> {
  get(key: K): V | null;
  /** Keys in [from, to] in serialized-key byte order; either bound may be null (open). */
  range(from: K | null, to: K | null): KeyValue<K, V>[];
  reverseRange(from: K | null, to: K | null): KeyValue<K, V>[];
  all(): KeyValue<K, V>[];
  approximateNumEntries(): number;
}

export interface KeyValueStore<K, V> extends StateStore, ReadOnlyKeyValueStore<K, V> {
  /** A null value deletes the key. */
  put(key: K, value: V | null): void;
  putIfAbsent(key: K, value: V): V | null;
  putAll(entries: readonly KeyValue<K, V | null>[]): void;
  delete(key: K): V | null;
}

/** What the DSL stores: every value carries the timestamp of the update that wrote it. */
export type TimestampedKeyValueStore<K, V> = KeyValueStore<K, ValueAndTimestamp<V>>;
