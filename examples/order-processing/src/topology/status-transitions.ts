import type { FixedKeyProcessorSupplier, KeyValueStore, Record } from '@tributary/streams';
import type { OrderStatus } from '../domain/order.js';

/**
 * Lets each change of an order's status through once, and nothing after its final status.
 * The joined table re-emits when any side repeats itself (a payment charged again by the
 * instance that took over after a crash): those repeats must not become a second final status.
 */
export function statusTransitions(storeName: string): FixedKeyProcessorSupplier<string, OrderStatus | null, OrderStatus> {
  return () => {
    let store: KeyValueStore<string, string> | null = null;
    let forward: ((record: Record<string, OrderStatus>) => void) | null = null;
    return {
      init(context) {
        store = context.getStateStore<KeyValueStore<string, string>>(storeName);
        forward = (record) => context.forward(record);
      },
      process(record) {
        const status = record.value;
        if (status === null) return;
        const seen = store!;
        const previous = seen.get(record.key);
        if (previous !== null && previous.startsWith('final:')) return;
        const signature = `${status.final ? 'final' : 'open'}:${status.status}:${status.payment}:${status.inventory}:${status.notified}`;
        if (previous === signature) return;
        seen.put(record.key, signature);
        forward?.(record.withValue(status));
      },
    };
  };
}
