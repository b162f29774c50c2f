import type { KTableProcessorSupplier } from '../ktable-value-getter.js';
import { KTableValueTransformSupplier } from './ktable-value-transform.js';

/** Maps every value (a tombstone stays a tombstone); each change is forwarded. */
export class KTableMapValuesSupplier<K, V, VR> extends KTableValueTransformSupplier<K, V, VR> {
  constructor(
    parent: KTableProcessorSupplier<K, V>,
    private readonly mapper: (value: V, key: K) => VR,
    storeName: string | null,
  ) {
    super(parent, storeName, false);
  }

  protected apply(key: K, value: V | null): VR | null {
    return value === null ? null : this.mapper(value, key);
  }
}
