import type { TimestampedKeyValueStore } from '../state/key-value-store.js';
import type { ValueAndTimestamp } from '../state/value-and-timestamp.js';
import type { ProcessorContext } from './processor-context.js';

/** Looks up the current value of a KTable at a key (joins use it on the other side). */
export interface KTableValueGetter<K, V> {
  init(context: ProcessorContext<unknown, unknown>): void;
  get(key: K): ValueAndTimestamp<V> | null;
}

export interface KTableValueGetterSupplier<K, V> {
  get(): KTableValueGetter<K, V>;
  /** Stores the getter reads; the processor using it must be connected to them. */
  storeNames(): string[];
}

/** What every KTable-producing processor supplier offers the DSL. */
export interface KTableProcessorSupplier<K, V> {
  /** Asks the operator to send old values; `force` materializes a source if needed. Returns whether it will. */
  enableSendingOldValues(forceMaterialization: boolean): boolean;
  view(): KTableValueGetterSupplier<K, V>;
}

export function storeValueGetter<K, V>(storeName: string): KTableValueGetterSupplier<K, V> {
  return {
    storeNames: () => [storeName],
    get: () => {
      let store: TimestampedKeyValueStore<K, V> | null = null;
      return {
        init: (ctx) => {
          store = ctx.getStateStore<TimestampedKeyValueStore<K, V>>(storeName);
        },
        get: (key) => store!.get(key),
      };
    },
  };
}
