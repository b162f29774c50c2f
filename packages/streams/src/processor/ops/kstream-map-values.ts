import type { ProcessorSupplier } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';

export function kstreamMapValues<K, V, VR>(mapper: (value: V, key: K) => VR): ProcessorSupplier<K, V, K, VR> {
  return () => {
    let ctx: ProcessorContext<K, VR>;
    return {
      init: (c) => {
        ctx = c;
      },
      process: (r) => ctx.forward(r.withValue(mapper(r.value, r.key))),
    };
  };
}
