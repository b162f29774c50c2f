import type { TimestampedKeyValueStore } from '../../state/key-value-store.js';
import { change, type Change } from '../change.js';
import { TimestampedForwarder } from '../internals/timestamped-forwarder.js';
import type { Processor } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';

/** Joins the two sides' outputs into one table; materializes it when a store is named. */
export function ktableKTableJoinMerger<K, VR>(storeName: string | null, sendOldValues: () => boolean): () => Processor<K, Change<VR>, K, Change<VR>> {
  return () => {
    let ctx: ProcessorContext<K, Change<VR>>;
    let store: TimestampedKeyValueStore<K, VR> | null = null;
    let forwarder: TimestampedForwarder<K, VR> | null = null;
    return {
      init: (c) => {
        ctx = c;
        if (storeName !== null) {
          store = c.getStateStore(storeName);
          forwarder = new TimestampedForwarder(store, c, sendOldValues());
        }
      },
      process: (r) => {
        if (store === null) {
          ctx.forward(r);
          return;
        }
        const old = store.get(r.key);
        store.put(r.key, r.value.newValue === null ? null : { value: r.value.newValue, timestamp: r.timestamp });
        forwarder!.maybeForward(r.withValue(change(r.value.newValue, old === null ? null : old.value)));
      },
    };
  };
}
