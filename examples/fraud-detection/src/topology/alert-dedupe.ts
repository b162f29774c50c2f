import type { FixedKeyProcessorSupplier, KeyValueStore, Record } from '@tributary/streams';
import type { FraudAlert } from '../domain/alert.js';

/**
 * Passes each alert id once. Several rules can see the same fraud more than once (a transaction
 * that pairs with two earlier ones, overlapping hopping windows), and reprocessing after a crash
 * under at-least-once replays records: alerting must be idempotent either way.
 * Velocity alerts are also collapsed per card while their windows overlap.
 */
export function alertDedupe(storeName: string): FixedKeyProcessorSupplier<string, FraudAlert, FraudAlert> {
  return () => {
    let store: KeyValueStore<string, number> | null = null;
    let forward: ((record: Record<string, FraudAlert>) => void) | null = null;
    return {
      init(context) {
        store = context.getStateStore<KeyValueStore<string, number>>(storeName);
        forward = (record) => context.forward(record);
      },
      process(record) {
        const alert = record.value;
        const seen = store!;
        if (seen.get(`id:${alert.id}`) !== null) return;
        if (alert.evidence.reason === 'velocity') {
          const openUntil = seen.get(`velocity:${alert.cardId}`);
          if (openUntil !== null && alert.evidence.windowStart < openUntil) return;
          seen.put(`velocity:${alert.cardId}`, alert.evidence.windowEnd);
        }
        seen.put(`id:${alert.id}`, alert.timestamp);
        forward?.(record);
      },
    };
  };
}
