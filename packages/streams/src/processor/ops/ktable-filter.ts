import type { TimestampedKeyValueStore } from '../../state/key-value-store.js';
import { change, type Change } from '../change.js';
import { TimestampedForwarder } from '../internals/timestamped-forwarder.js';
import { storeValueGetter, type KTableProcessorSupplier, type KTableValueGetterSupplier } from '../ktable-value-getter.js';
import type { Processor } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';

/**
 * A filtered-out value becomes a tombstone; with old values enabled, an update whose old and new
 * values are both filtered out forwards nothing.
 */
export class KTableFilterSupplier<K, V> implements KTableProcessorSupplier<K, V> {
  private sendOldValues = false;

  constructor(
    private readonly parent: KTableProcessorSupplier<K, V>,
    private readonly predicate: (key: K, value: V) => boolean,
    private readonly filterNot: boolean,
    readonly storeName: string | null,
  ) {}

  enableSendingOldValues(force: boolean): boolean {
    if (this.storeName !== null) {
      this.sendOldValues = true;
      return true;
    }
    if (this.parent.enableSendingOldValues(force)) this.sendOldValues = true;
    return this.sendOldValues;
  }

  private apply(key: K, value: V | null): V | null {
    return value !== null && this.predicate(key, value) !== this.filterNot ? value : null;
  }

  view(): KTableValueGetterSupplier<K, V> {
    if (this.storeName !== null) return storeValueGetter(this.storeName);
    const parent = this.parent.view();
    return {
      storeNames: () => parent.storeNames(),
      get: () => {
        const g = parent.get();
        return {
          init: (ctx) => g.init(ctx),
          get: (key) => {
            const vt = g.get(key);
            return vt !== null && this.apply(key, vt.value) !== null ? vt : null;
          },
        };
      },
    };
  }

  get = (): Processor<K, Change<V>, K, Change<V>> => {
    const { storeName, sendOldValues } = this;
    let ctx: ProcessorContext<K, Change<V>>;
    let store: TimestampedKeyValueStore<K, V> | null = null;
    let forwarder: TimestampedForwarder<K, V> | null = null;
    return {
      init: (c) => {
        ctx = c;
        if (storeName !== null) {
          store = c.getStateStore(storeName);
          forwarder = new TimestampedForwarder(store, c, sendOldValues);
        }
      },
      process: (r) => {
        const newValue = this.apply(r.key, r.value.newValue);
        const oldValue = sendOldValues ? this.apply(r.key, r.value.oldValue) : null;
        if (sendOldValues && oldValue === null && newValue === null) return;
        if (store === null) {
          ctx.forward(r.withValue(change(newValue, oldValue)));
          return;
        }
        const old = store.get(r.key);
        store.put(r.key, newValue === null ? null : { value: newValue, timestamp: r.timestamp });
        forwarder!.maybeForward(r.withValue(change(newValue, old === null ? null : old.value)));
      },
    };
  };
}
