import type { TimestampedKeyValueStore } from '../../state/key-value-store.js';
import { change, type Change } from '../change.js';
import { TimestampedForwarder } from '../internals/timestamped-forwarder.js';
import { storeValueGetter, type KTableProcessorSupplier, type KTableValueGetterSupplier } from '../ktable-value-getter.js';
import type { Processor } from '../processor.js';
import { freezeValue } from './freeze-value.js';

/**
 * KGroupedTable aggregate: subtract the old value, then add the new one. With `initializer` null
 * it is a reduce: the first added value becomes the aggregate and a subtract needs an aggregate.
 * Timestamp: a first add to a new key keeps the record ts, anything else takes the max with the stored ts.
 */
export class KTableAggregateSupplier<K, V, VA> implements KTableProcessorSupplier<K, VA> {
  private sendOldValues = false;

  constructor(
    readonly storeName: string,
    private readonly initializer: (() => VA) | null,
    private readonly adder: (key: K, value: V, aggregate: VA) => VA,
    private readonly subtractor: (key: K, value: V, aggregate: VA) => VA,
  ) {}

  enableSendingOldValues(): boolean {
    this.sendOldValues = true;
    return true;
  }
  view(): KTableValueGetterSupplier<K, VA> {
    return storeValueGetter(this.storeName);
  }

  get = (): Processor<K, Change<V>, K, Change<VA>> => {
    const { storeName, initializer, adder, subtractor, sendOldValues } = this;
    let store: TimestampedKeyValueStore<K, VA>;
    let forwarder: TimestampedForwarder<K, VA>;
    return {
      init: (ctx) => {
        store = ctx.getStateStore(storeName);
        forwarder = new TimestampedForwarder(store, ctx, sendOldValues);
      },
      process: (r) => {
        if (r.key === null || r.key === undefined) return;
        const old = store.get(r.key);
        const oldAgg = old === null ? null : old.value;
        let agg: VA | null = oldAgg === null && initializer !== null ? initializer() : oldAgg;
        let ts = r.timestamp;
        if (r.value.oldValue !== null && agg !== null) {
          agg = subtractor(r.key, r.value.oldValue, agg);
          if (old !== null) ts = Math.max(r.timestamp, old.timestamp);
        }
        if (r.value.newValue !== null) {
          agg = agg === null ? (r.value.newValue as unknown as VA) : adder(r.key, r.value.newValue, agg);
          if (old !== null) ts = Math.max(r.timestamp, old.timestamp);
        }
        const newAgg = agg === null ? null : freezeValue(agg);
        store.put(r.key, newAgg === null ? null : { value: newAgg, timestamp: ts });
        forwarder.maybeForward(r.withValue(change(newAgg, oldAgg)).withTimestamp(ts));
      },
    };
  };
}
