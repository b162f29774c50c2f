import type { ProcessorSupplier } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';

export function kstreamSelectKey<K, V, KR>(selector: (key: K, value: V) => KR): ProcessorSupplier<K, V, KR, V> {
  return () => {
    let ctx: ProcessorContext<KR, V>;
    return {
      init: (c) => {
        ctx = c;
      },
      process: (r) => ctx.forward(r.withKey(selector(r.key, r.value))),
    };
  };
}
