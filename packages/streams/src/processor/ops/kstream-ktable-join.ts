import type { KTableValueGetterSupplier } from '../ktable-value-getter.js';
import type { ProcessorSupplier } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';

/**
 * Stream-table (and stream-GlobalKTable, via `keyMapper`) join: only stream records trigger
 * a lookup; a left join emits with a null table side. Output keeps the stream record's timestamp.
 */
export function kstreamKTableJoin<K, V, KT, VT, VR>(
  getterSupplier: KTableValueGetterSupplier<KT, VT>,
  joiner: (value: V, tableValue: VT | null, key: K) => VR,
  leftJoin: boolean,
  keyMapper: (key: K, value: V) => KT | null,
): ProcessorSupplier<K, V, K, VR> {
  return () => {
    const getter = getterSupplier.get();
    let ctx: ProcessorContext<K, VR>;
    return {
      init: (c) => {
        ctx = c;
        getter.init(c as ProcessorContext<unknown, unknown>);
      },
      process: (r) => {
        if (r.value === null || r.value === undefined) return;
        const tableKey = r.key === null || r.key === undefined ? null : keyMapper(r.key, r.value);
        if (tableKey === null || tableKey === undefined) {
          // KIP-962: a left join keeps stream records without a (mapped) key.
          if (leftJoin) ctx.forward(r.withValue(joiner(r.value, null, r.key)));
          return;
        }
        const vt = getter.get(tableKey);
        if (vt === null && !leftJoin) return;
        ctx.forward(r.withValue(joiner(r.value, vt === null ? null : vt.value, r.key)));
      },
    };
  };
}
