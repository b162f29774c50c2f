import type { Windowed } from '../../dsl/windowed.js';
import type { KeyValue } from '../key-value.js';
import type { StateStore } from '../state-store.js';

/** Read-only view of a window store, as interactive queries see it. Results are in time order, then key order. */
export interface ReadOnlyWindowStore<K, V> {
  /** The value of one window (by its start), or null. */
  fetch(key: K, windowStart: number): V | null;
  /** All windows of `key` whose start is in [timeFrom, timeTo], as (window start, value). */
  fetchRange(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[];
  backwardFetchRange(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[];
  /** Windows of keys in [keyFrom, keyTo] (serialized byte order; null = open) with start in [timeFrom, timeTo]. */
  fetchKeyRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  backwardFetchKeyRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  fetchAll(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  backwardFetchAll(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  all(): KeyValue<Windowed<K>, V>[];
  backwardAll(): KeyValue<Windowed<K>, V>[];
}

export interface WindowStore<K, V> extends StateStore, ReadOnlyWindowStore<K, V> {
  readonly retentionPeriod: number;
  readonly windowSize: number;
  /** A null value deletes the window. With duplicates retained every put appends. */
  put(key: K, value: V | null, windowStart: number): void;
  /** Applies one changelog record (restoration); the changelog is not written. */
  restore(changelogKey: Buffer, value: Buffer | null): void;
}
