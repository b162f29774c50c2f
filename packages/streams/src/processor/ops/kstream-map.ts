import type { KeyValue } from '../../state/key-value.js';
import type { ProcessorSupplier } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';

export function kstreamMap<K, V, KR, VR>(mapper: (key: K, value: V) => KeyValue<KR, VR>): ProcessorSupplier<K, V, KR, VR> {
  return () => {
    let ctx: ProcessorContext<KR, VR>;
    return {
      init: (c) => {
        ctx = c;
      },
      process: (r) => {
        const kv = mapper(r.key, r.value);
        ctx.forward(r.withKey(kv.key).withValue(kv.value));
      },
    };
  };
}
