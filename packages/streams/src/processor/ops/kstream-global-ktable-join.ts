import type { TimestampedKeyValueStore } from '../../state/key-value-store.js';
import type { KTableValueGetterSupplier } from '../ktable-value-getter.js';
import type { ProcessorSupplier } from '../processor.js';
import { kstreamKTableJoin } from './kstream-ktable-join.js';

/** Looks up a GlobalKTable's store (every instance holds all of it; no co-partitioning). */
export function kstreamGlobalKTableJoin<K, V, KG, VG, VR>(
  globalStoreName: string,
  keyMapper: (key: K, value: V) => KG | null,
  joiner: (value: V, globalValue: VG | null, key: K) => VR,
  leftJoin: boolean,
): ProcessorSupplier<K, V, K, VR> {
  const getter: KTableValueGetterSupplier<KG, VG> = {
    storeNames: () => [],
    get: () => {
      let store: TimestampedKeyValueStore<KG, VG> | null = null;
      return {
        init: (ctx) => {
          store = ctx.getStateStore(globalStoreName);
        },
        get: (key) => store!.get(key),
      };
    },
  };
  return kstreamKTableJoin(getter, joiner, leftJoin, keyMapper);
}
