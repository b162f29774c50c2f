import type { ProcessorSupplier } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';

export function kstreamFilter<K, V>(predicate: (key: K, value: V) => boolean, filterNot: boolean): ProcessorSupplier<K, V, K, V> {
  return () => {
    let ctx: ProcessorContext<K, V>;
    return {
      init: (c) => {
        ctx = c;
      },
      process: (r) => {
        if (predicate(r.key, r.value) !== filterNot) ctx.forward(r);
      },
    };
  };
}
