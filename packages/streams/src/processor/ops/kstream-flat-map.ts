import type { KeyValue } from '../../state/key-value.js';
import type { ProcessorSupplier } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';

export function kstreamFlatMap<K, V, KR, VR>(mapper: (key: K, value: V) => Iterable<KeyValue<KR, VR>>): ProcessorSupplier<K, V, KR, VR> {
  return () => {
    let ctx: ProcessorContext<KR, VR>;
    return {
      init: (c) => {
        ctx = c;
      },
      process: (r) => {
        for (const kv of mapper(r.key, r.value)) ctx.forward(r.withKey(kv.key).withValue(kv.value));
      },
    };
  };
}
