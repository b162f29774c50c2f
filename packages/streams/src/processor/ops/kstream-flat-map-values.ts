import type { ProcessorSupplier } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';

export function kstreamFlatMapValues<K, V, VR>(mapper: (value: V, key: K) => Iterable<VR>): ProcessorSupplier<K, V, K, VR> {
  return () => {
    let ctx: ProcessorContext<K, VR>;
    return {
      init: (c) => {
        ctx = c;
      },
      process: (r) => {
        for (const v of mapper(r.value, r.key)) ctx.forward(r.withValue(v));
      },
    };
  };
}
