import type { ProcessorSupplier } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';

/** peek (forward = true) and foreach (terminal). */
export function kstreamPeek<K, V>(action: (key: K, value: V) => void, forward: boolean): ProcessorSupplier<K, V, K, V> {
  return () => {
    let ctx: ProcessorContext<K, V>;
    return {
      init: (c) => {
        ctx = c;
      },
      process: (r) => {
        action(r.key, r.value);
        if (forward) ctx.forward(r);
      },
    };
  };
}
