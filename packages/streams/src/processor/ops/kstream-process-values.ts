import type { Processor, ProcessorSupplier } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';
import type { Record } from '../record.js';

/** Wraps a user processor so whatever it forwards keeps the input key (processValues). */
export function fixedKeyProcessor<K, VIn, VOut>(supplier: () => Processor<K, VIn, K, VOut>): ProcessorSupplier<K, VIn, K, VOut> {
  return () => {
    const inner = supplier();
    let currentKey: K;
    let hasKey = false;
    return {
      init: (ctx) => {
        const wrapped: ProcessorContext<K, VOut> = Object.create(ctx) as ProcessorContext<K, VOut>;
        wrapped.forward = <KK extends K, VV extends VOut>(r: Record<KK, VV>, child?: string): void => {
          ctx.forward(hasKey ? r.withKey(currentKey as KK) : r, child);
        };
        inner.init?.(wrapped);
      },
      process: (r) => {
        currentKey = r.key;
        hasKey = true;
        try {
          inner.process(r);
        } finally {
          hasKey = false;
        }
      },
      close: () => inner.close?.(),
    };
  };
}
