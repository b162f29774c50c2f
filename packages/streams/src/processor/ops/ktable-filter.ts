import type { KTableProcessorSupplier } from '../ktable-value-getter.js';
import { KTableValueTransformSupplier } from './ktable-value-transform.js';

/**
 * A filtered-out value becomes a tombstone; with old values enabled, an update whose old and new
 * values are both filtered out forwards nothing.
 */
export class KTableFilterSupplier<K, V> extends KTableValueTransformSupplier<K, V, V> {
  constructor(
    parent: KTableProcessorSupplier<K, V>,
    private readonly predicate: (key: K, value: V) => boolean,
    private readonly filterNot: boolean,
    storeName: string | null,
  ) {
    super(parent, storeName, true);
  }

  protected apply(key: K, value: V | null): V | null {
    return value !== null && this.predicate(key, value) !== this.filterNot ? value : null;
  }
}
