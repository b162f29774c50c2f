import type { TimestampedKeyValueStore } from '../../state/key-value-store.js';
import type { TypedKeyValueStore } from '../../state/typed-key-value-store.js';
import type { ValueAndTimestamp } from '../../state/value-and-timestamp.js';
import { change, type Change } from '../change.js';
import type { ProcessorContext } from '../processor-context.js';
import { Record } from '../record.js';
import { freezeValue } from '../ops/freeze-value.js';

/**
 * Forwards table updates at once, or, when the store caches, on cache flush
 * (so several updates of a key between commits come out once).
 */
export class TimestampedForwarder<K, V> {
  private readonly cached: boolean;

  constructor(
    store: TimestampedKeyValueStore<K, V>,
    private readonly context: ProcessorContext<K, Change<V>>,
    private readonly sendOldValues: boolean,
  ) {
    const typed = store as unknown as TypedKeyValueStore<K, ValueAndTimestamp<V>>;
    this.cached = typed.bytes.setFlushListener((k, nv, ov, ts) => {
      const key = typed.deserializeKey(k);
      const n = typed.deserializeValue(nv);
      const o = typed.deserializeValue(ov);
      // Values decoded from the cache are frozen like the ones forwarded directly: table values are immutable downstream.
      const newValue = n === null ? null : freezeValue(n.value);
      const oldValue = sendOldValues && o !== null ? freezeValue(o.value) : null;
      context.forward(new Record(key, change(newValue, oldValue), n?.timestamp ?? ts));
    }, sendOldValues);
  }

  maybeForward(record: Record<K, Change<V>>): void {
    if (this.cached) return;
    this.context.forward(this.sendOldValues ? record : record.withValue(change(record.value.newValue, null)));
  }
}
