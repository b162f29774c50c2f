import type { Windowed } from '../../dsl/windowed.js';
import { InvalidStateStoreError } from '../../errors/streams-errors.js';
import type { KeyValue } from '../../state/key-value.js';
import type { ReadOnlySessionStore, SessionStore } from '../../state/session/session-store.js';
import type { StateStore } from '../../state/state-store.js';
import type { ValueAndTimestamp } from '../../state/value-and-timestamp.js';
import type { ReadOnlyWindowStore, WindowStore } from '../../state/window/window-store.js';
import type { QueryableStoreType } from './queryable-store-types.js';

type U = unknown;

/** Whether a query type asks for a window or session view. */
export function isWindowedQueryType(type: QueryableStoreType<unknown>): boolean {
  return type.kind === 'window' || type.kind === 'timestampedWindow' || type.kind === 'session';
}

/** The view `app.store()` returns for window and session query types. */
export function windowedView(name: string, type: QueryableStoreType<unknown>, stores: () => StateStore[], timestamped: boolean): unknown {
  const open = <S>(check: (s: StateStore) => boolean, kind: string): (() => S[]) => () => {
    const all = stores();
    if (all.some((s) => !check(s))) throw new InvalidStateStoreError(`store ${name} is not a ${kind} store`);
    const list = all.filter((s) => s.isOpen());
    if (list.length === 0) throw new InvalidStateStoreError(`store ${name} has no open instance on this client (not running, rebalancing, or hosted elsewhere)`);
    return list as S[];
  };
  if (type.kind === 'session') return new CompositeSessionStore(open<SessionStore<U, U>>((s) => typeof (s as Partial<SessionStore<U, U>>).findSessions === 'function', 'session'));
  const windows = open<WindowStore<U, U>>((s) => typeof (s as Partial<WindowStore<U, U>>).fetchRange === 'function', 'window');
  return new CompositeWindowStore(windows, timestamped && type.kind === 'window');
}

/**
 * One read-only window view over a store's instances in every local active task (Kafka's
 * CompositeReadOnlyWindowStore): results are concatenated task by task. `unwrap` strips
 * timestamps when a timestamped (DSL) store is queried as a plain window store.
 */
export class CompositeWindowStore<K, V> implements ReadOnlyWindowStore<K, V> {
  constructor(
    private readonly stores: () => WindowStore<K, unknown>[],
    private readonly unwrap: boolean,
  ) {}

  fetch(key: K, windowStart: number): V | null {
    for (const s of this.stores()) {
      const v = s.fetch(key, windowStart);
      if (v !== null) return this.value(v);
    }
    return null;
  }
  fetchRange(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[] {
    return this.values(this.stores().flatMap((s) => s.fetchRange(key, timeFrom, timeTo)));
  }
  backwardFetchRange(key: K, timeFrom: number, timeTo: number): KeyValue<number, V>[] {
    return this.values(this.stores().flatMap((s) => s.backwardFetchRange(key, timeFrom, timeTo)));
  }
  fetchKeyRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
    return this.values(this.stores().flatMap((s) => s.fetchKeyRange(keyFrom, keyTo, timeFrom, timeTo)));
  }
  backwardFetchKeyRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
    return this.values(this.stores().flatMap((s) => s.backwardFetchKeyRange(keyFrom, keyTo, timeFrom, timeTo)));
  }
  fetchAll(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
    return this.values(this.stores().flatMap((s) => s.fetchAll(timeFrom, timeTo)));
  }
  backwardFetchAll(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
    return this.values(this.stores().flatMap((s) => s.backwardFetchAll(timeFrom, timeTo)));
  }
  all(): KeyValue<Windowed<K>, V>[] {
    return this.values(this.stores().flatMap((s) => s.all()));
  }
  backwardAll(): KeyValue<Windowed<K>, V>[] {
    return this.values(this.stores().flatMap((s) => s.backwardAll()));
  }

  private values<T>(rows: KeyValue<T, unknown>[]): KeyValue<T, V>[] {
    return rows.map((kv) => ({ key: kv.key, value: this.value(kv.value) }));
  }
  private value(v: unknown): V {
    return (this.unwrap ? (v as ValueAndTimestamp<unknown>).value : v) as V;
  }
}

/** One read-only session view over a store's instances in every local active task. */
export class CompositeSessionStore<K, V> implements ReadOnlySessionStore<K, V> {
  constructor(private readonly stores: () => SessionStore<K, V>[]) {}

  fetchSession(key: K, sessionStart: number, sessionEnd: number): V | null {
    for (const s of this.stores()) {
      const v = s.fetchSession(key, sessionStart, sessionEnd);
      if (v !== null) return v;
    }
    return null;
  }
  findSessions(key: K, earliestSessionEnd: number, latestSessionStart: number): KeyValue<Windowed<K>, V>[] {
    return this.stores().flatMap((s) => s.findSessions(key, earliestSessionEnd, latestSessionStart));
  }
  backwardFindSessions(key: K, earliestSessionEnd: number, latestSessionStart: number): KeyValue<Windowed<K>, V>[] {
    return this.stores().flatMap((s) => s.backwardFindSessions(key, earliestSessionEnd, latestSessionStart));
  }
  findSessionsKeyRange(keyFrom: K | null, keyTo: K | null, earliestSessionEnd: number, latestSessionStart: number): KeyValue<Windowed<K>, V>[] {
    return this.stores().flatMap((s) => s.findSessionsKeyRange(keyFrom, keyTo, earliestSessionEnd, latestSessionStart));
  }
  fetch(key: K): KeyValue<Windowed<K>, V>[] {
    return this.stores().flatMap((s) => s.fetch(key));
  }
  backwardFetch(key: K): KeyValue<Windowed<K>, V>[] {
    return this.stores().flatMap((s) => s.backwardFetch(key));
  }
  all(): KeyValue<Windowed<K>, V>[] {
    return this.stores().flatMap((s) => s.all());
  }
}
