import type { TimestampedKeyValueStore } from '../../state/key-value-store.js';
import { change, type Change } from '../change.js';
import { TimestampedForwarder } from '../internals/timestamped-forwarder.js';
import { storeValueGetter, type KTableProcessorSupplier, type KTableValueGetterSupplier } from '../ktable-value-getter.js';
import type { Processor } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';

/**
 * A KTable operator that maps each value on its own (`filter` and `mapValues`): forwards the
 * transformed change, or materializes it when it has a store; its view transforms the parent's
 * view lazily. `apply` returns null for "no value" (a tombstone).
 */
export abstract class KTableValueTransformSupplier<K, V, VR> implements KTableProcessorSupplier<K, VR> {
  private sendOldValues = false;

  constructor(
    private readonly parent: KTableProcessorSupplier<K, V>,
    readonly storeName: string | null,
    /** True when a change whose old and new values both transform to null is not forwarded. */
    private readonly dropEmptyChanges: boolean,
  ) {}

  protected abstract apply(key: K, value: V | null): VR | null;

  enableSendingOldValues(force: boolean): boolean {
    if (this.storeName !== null) {
      this.sendOldValues = true;
      return true;
    }
    if (this.parent.enableSendingOldValues(force)) this.sendOldValues = true;
    return this.sendOldValues;
  }

  view(): KTableValueGetterSupplier<K, VR> {
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
            if (vt === null) return null;
            const v = this.apply(key, vt.value);
            return v === null ? null : { value: v, timestamp: vt.timestamp };
          },
        };
      },
    };
  }

  get = (): Processor<K, Change<V>, K, Change<VR>> => {
    const { storeName, sendOldValues, dropEmptyChanges } = this;
    let ctx: ProcessorContext<K, Change<VR>>;
    let store: TimestampedKeyValueStore<K, VR> | null = null;
    let forwarder: TimestampedForwarder<K, VR> | null = null;
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
        if (dropEmptyChanges && sendOldValues && oldValue === null && newValue === null) return;
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
