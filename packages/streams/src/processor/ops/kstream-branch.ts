import type { ProcessorSupplier } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';

/** Sends a record to the child of the first matching predicate, else to the default child (if any). */
export function kstreamBranch<K, V>(
  predicates: readonly ((key: K, value: V) => boolean)[],
  childNames: readonly string[],
  defaultChild: string | null,
): ProcessorSupplier<K, V, K, V> {
  return () => {
    let ctx: ProcessorContext<K, V>;
    return {
      init: (c) => {
        ctx = c;
      },
      process: (r) => {
        for (let i = 0; i < predicates.length; i++) {
          if (predicates[i]!(r.key, r.value)) {
            ctx.forward(r, childNames[i]);
            return;
          }
        }
        if (defaultChild !== null) ctx.forward(r, defaultChild);
      },
    };
  };
}
