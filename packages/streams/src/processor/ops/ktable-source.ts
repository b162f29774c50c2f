import type { TimestampedKeyValueStore } from '../../state/key-value-store.js';
import { change, type Change } from '../change.js';
import { TimestampedForwarder } from '../internals/timestamped-forwarder.js';
import { storeValueGetter, type KTableProcessorSupplier, type KTableValueGetterSupplier } from '../ktable-value-getter.js';
import type { Processor } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';

/** Interprets a stream as a changelog: null value deletes, null key is dropped. */
export class KTableSourceSupplier<K, V> implements KTableProcessorSupplier<K, V> {
  private sendOldValues = false;
  private materializedFlag: boolean;

  constructor(
    readonly storeName: string,
    queryable: boolean,
  ) {
    this.materializedFlag = queryable;
  }

  get materialized(): boolean {
    return this.materializedFlag;
  }
  materialize(): void {
    this.materializedFlag = true;
  }
  enableSendingOldValues(force: boolean): boolean {
    if (!this.materializedFlag) {
      if (!force) return false;
      this.materialize();
    }
    this.sendOldValues = true;
    return true;
  }
  view(): KTableValueGetterSupplier<K, V> {
    this.materialize();
    return storeValueGetter(this.storeName);
  }

  get = (): Processor<K, V | null, K, Change<V>> => {
    const { storeName, sendOldValues } = this;
    const materialized = this.materializedFlag;
    let ctx: ProcessorContext<K, Change<V>>;
    let store: TimestampedKeyValueStore<K, V> | null = null;
    let forwarder: TimestampedForwarder<K, V> | null = null;
    return {
      init: (c) => {
        ctx = c;
        if (materialized) {
          store = c.getStateStore(storeName);
          forwarder = new TimestampedForwarder(store, c, sendOldValues);
        }
      },
      process: (r) => {
        if (r.key === null || r.key === undefined) return;
        const newValue = r.value === undefined ? null : r.value;
        if (store === null) {
          ctx.forward(r.withValue(change<V>(newValue, null)));
          return;
        }
        const old = store.get(r.key);
        store.put(r.key, newValue === null ? null : { value: newValue, timestamp: r.timestamp });
        forwarder!.maybeForward(r.withValue(change(newValue, old === null ? null : old.value)));
      },
    };
  };
}
