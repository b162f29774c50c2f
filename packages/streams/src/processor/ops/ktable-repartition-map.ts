import type { KeyValue } from '../../state/key-value.js';
import { change, type Change } from '../change.js';
import type { ProcessorSupplier } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';
import { sameKey } from './same-key.js';

/**
 * KTable.groupBy: maps old and new values to (group key, value). If the group key is unchanged
 * one record carries both (subtract and add in one update); otherwise the old group gets a
 * subtract first, then the new group an add.
 */
export function ktableRepartitionMap<K, V, KR, VR>(selector: (key: K, value: V) => KeyValue<KR, VR>): ProcessorSupplier<K, Change<V>, KR, Change<VR>> {
  return () => {
    let ctx: ProcessorContext<KR, Change<VR>>;
    return {
      init: (c) => {
        ctx = c;
      },
      process: (r) => {
        if (r.key === null || r.key === undefined) return;
        const n = r.value.newValue === null ? null : selector(r.key, r.value.newValue);
        const o = r.value.oldValue === null ? null : selector(r.key, r.value.oldValue);
        if (n !== null && o !== null && sameKey(n.key, o.key)) {
          ctx.forward(r.withKey(n.key).withValue(change(n.value, o.value)));
          return;
        }
        if (o !== null) ctx.forward(r.withKey(o.key).withValue(change<VR>(null, o.value)));
        if (n !== null) ctx.forward(r.withKey(n.key).withValue(change<VR>(n.value, null)));
      },
    };
  };
}
