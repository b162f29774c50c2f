import type { Change } from '../change.js';
import type { ProcessorSupplier } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';

/** The changelog as a stream: the new value, tombstones included. */
export function ktableToStream<K, V>(): ProcessorSupplier<K, Change<V>, K, V | null> {
  return () => {
    let ctx: ProcessorContext<K, V | null>;
    return {
      init: (c) => {
        ctx = c;
      },
      process: (r) => ctx.forward(r.withValue(r.value.newValue)),
    };
  };
}
