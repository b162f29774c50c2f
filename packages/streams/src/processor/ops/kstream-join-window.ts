import type { InMemoryWindowStore } from '../../state/window/in-memory-window-store.js';
import type { Processor } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';

/** KSTREAM-WINDOWED: remembers each record of one join side in that side's window store, then forwards it. */
export function kstreamJoinWindow<K, V>(storeName: string): () => Processor<K, V, K, V> {
  return () => {
    let store: InMemoryWindowStore<K, V>;
    let ctx: ProcessorContext<K, V>;
    return {
      init: (c) => {
        ctx = c;
        store = c.getStateStore(storeName);
      },
      process: (r) => {
        if (r.key !== null && r.key !== undefined && r.value !== null && r.value !== undefined) store.put(r.key, r.value, r.timestamp);
        ctx.forward(r);
      },
    };
  };
}
