import { InvalidStateStoreError } from '../../errors/streams-errors.js';
import type { KeyValueStore } from '../../state/key-value-store.js';
import type { KeyValue } from '../../state/key-value.js';
import type { ValueAndTimestamp } from '../../state/value-and-timestamp.js';
import type { QueryableKeyValueStore } from './queryable-store-types.js';

/**
 * One read-only view over a store's instances in every local active task. Each call looks the
 * tasks up again, so the view follows rebalances; reads see cached (unflushed) values, as in
 * Kafka. `unwrap` strips timestamps when a timestamped (DSL) store is queried as a plain one.
 */
export class CompositeKeyValueStore<K, V> implements QueryableKeyValueStore<K, V> {
  constructor(
    private readonly name: string,
    private readonly stores: () => KeyValueStore<K, unknown>[],
    private readonly unwrap: boolean,
  ) {}

  get(key: K): V | null {
    for (const s of this.open()) {
      const v = s.get(key);
      if (v !== null) return this.value(v);
    }
    return null;
  }

  range(from: K | null, to: K | null): KeyValue<K, V>[] {
    return this.open().flatMap((s) => s.range(from, to).map((kv) => ({ key: kv.key, value: this.value(kv.value) })));
  }

  reverseRange(from: K | null, to: K | null): KeyValue<K, V>[] {
    return this.open().flatMap((s) => s.reverseRange(from, to).map((kv) => ({ key: kv.key, value: this.value(kv.value) })));
  }

  all(): KeyValue<K, V>[] {
    return this.range(null, null);
  }

  approximateNumEntries(): number {
    return this.open().reduce((n, s) => n + s.approximateNumEntries(), 0);
  }

  async *rangeAsync(from: K | null, to: K | null): AsyncIterable<KeyValue<K, V>> {
    for (const s of this.open()) {
      for (const kv of s.range(from, to)) yield { key: kv.key, value: this.value(kv.value) };
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  allAsync(): AsyncIterable<KeyValue<K, V>> {
    return this.rangeAsync(null, null);
  }

  private open(): KeyValueStore<K, unknown>[] {
    const list = this.stores().filter((s) => s.isOpen());
    if (list.length === 0) throw new InvalidStateStoreError(`store ${this.name} has no open instance on this client (not running, rebalancing, or hosted elsewhere)`);
    return list;
  }

  private value(v: unknown): V {
    return (this.unwrap ? (v as ValueAndTimestamp<unknown>).value : v) as V;
  }
}
