import type { Windowed } from '../../dsl/windowed.js';
import type { KeyValue } from '../key-value.js';
import type { StateStore } from '../state-store.js';

/** Read-only view of a session store (interactive queries). Results are ordered by session end, key, start. */
export interface ReadOnlySessionStore<K, V> {
  fetchSession(key: K, sessionStart: number, sessionEnd: number): V | null;
  /** Sessions of `key` with end >= earliestSessionEnd and start <= latestSessionStart. */
  findSessions(key: K, earliestSessionEnd: number, latestSessionStart: number): KeyValue<Windowed<K>, V>[];
  backwardFindSessions(key: K, earliestSessionEnd: number, latestSessionStart: number): KeyValue<Windowed<K>, V>[];
  findSessionsKeyRange(keyFrom: K | null, keyTo: K | null, earliestSessionEnd: number, latestSessionStart: number): KeyValue<Windowed<K>, V>[];
  /** Every session of `key`. */
  fetch(key: K): KeyValue<Windowed<K>, V>[];
  backwardFetch(key: K): KeyValue<Windowed<K>, V>[];
  all(): KeyValue<Windowed<K>, V>[];
}

export interface SessionStore<K, V> extends StateStore, ReadOnlySessionStore<K, V> {
  readonly retentionPeriod: number;
  /** A null value removes the session. */
  put(session: Windowed<K>, value: V | null): void;
  remove(session: Windowed<K>): void;
  /** Applies one changelog record (restoration); the changelog is not written. */
  restore(changelogKey: Buffer, value: Buffer | null): void;
}
