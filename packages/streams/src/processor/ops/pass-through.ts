import type { Processor, ProcessorSupplier } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';
import type { Record } from '../record.js';

/** Forwards everything unchanged: merge nodes, branch children, the repartition filter. */
export function passThrough<K, V>(): ProcessorSupplier<K, V, K, V> {
  return (): Processor<K, V, K, V> => {
    let ctx: ProcessorContext<K, V>;
    return {
      init: (c) => {
        ctx = c;
      },
      process: (r: Record<K, V>) => ctx.forward(r),
    };
  };
}
