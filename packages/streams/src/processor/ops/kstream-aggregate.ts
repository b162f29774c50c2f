import type { TimestampedKeyValueStore } from '../../state/key-value-store.js';
import { change, type Change } from '../change.js';
import { TimestampedForwarder } from '../internals/timestamped-forwarder.js';
import { storeValueGetter, type KTableProcessorSupplier, type KTableValueGetterSupplier } from '../ktable-value-getter.js';
import type { Processor } from '../processor.js';
import { freezeValue } from './freeze-value.js';

/**
 * Rolling per-key aggregate of a stream (count / aggregate, and reduce when `initializer` is null:
 * the first value becomes the aggregate). Null keys and values are skipped.
 */
export class KStreamAggregateSupplier<K, V, VA> implements KTableProcessorSupplier<K, VA> {
  private sendOldValues = false;

  constructor(
    readonly storeName: string,
    private readonly initializer: (() => VA) | null,
    private readonly aggregator: (key: K, value: V, aggregate: VA) => VA,
  ) {}

  enableSendingOldValues(): boolean {
    this.sendOldValues = true;
    return true;
  }
  view(): KTableValueGetterSupplier<K, VA> {
    return storeValueGetter(this.storeName);
  }

  get = (): Processor<K, V, K, Change<VA>> => {
    const { storeName, initializer, aggregator, sendOldValues } = this;
    let store: TimestampedKeyValueStore<K, VA>;
    let forwarder: TimestampedForwarder<K, VA>;
    return {
      init: (ctx) => {
        store = ctx.getStateStore(storeName);
        forwarder = new TimestampedForwarder(store, ctx, sendOldValues);
      },
      process: (r) => {
        if (r.key === null || r.key === undefined || r.value === null || r.value === undefined) return;
        const old = store.get(r.key);
        const oldValue = old === null ? null : old.value;
        let newValue: VA;
        if (oldValue === null && initializer === null) newValue = r.value as unknown as VA;
        else newValue = aggregator(r.key, r.value, oldValue === null ? initializer!() : oldValue);
        newValue = freezeValue(newValue);
        const ts = old === null ? r.timestamp : Math.max(r.timestamp, old.timestamp);
        store.put(r.key, { value: newValue, timestamp: ts });
        forwarder.maybeForward(r.withValue(change(newValue, oldValue)).withTimestamp(ts));
      },
    };
  };
}
