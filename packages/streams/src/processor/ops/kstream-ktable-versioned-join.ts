import { TopologyError } from '../../errors/streams-errors.js';
import { findVersionedEngine, type InMemoryVersionedBytesStore } from '../../state/versioned/in-memory-versioned-bytes-store.js';
import type { TypedKeyValueStore } from '../../state/typed-key-value-store.js';
import type { ValueAndTimestamp } from '../../state/value-and-timestamp.js';
import type { KTableValueGetterSupplier } from '../ktable-value-getter.js';
import type { ProcessorSupplier } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';
import type { Record } from '../record.js';
import { recordDropped } from './dropped-records.js';

/**
 * Stream-table join that honours versioned tables (KIP-914/923). Against a versioned table the
 * lookup is "as of" the stream record's timestamp. With a grace period, stream records wait in
 * timestamp order until `ts <= stream time - grace`; a record already older than that joins at once.
 * Without a versioned table (and no grace) it is the plain latest-value lookup.
 */
export function kstreamKTableVersionedJoin<K, V, VT, VR>(
  getterSupplier: KTableValueGetterSupplier<K, VT>,
  joiner: (value: V, tableValue: VT | null, key: K) => VR,
  leftJoin: boolean,
  graceMs: number,
): ProcessorSupplier<K, V, K, VR> {
  return () => {
    const getter = getterSupplier.get();
    let ctx: ProcessorContext<K, VR>;
    let engine: InMemoryVersionedBytesStore | null = null;
    let typed: TypedKeyValueStore<K, ValueAndTimestamp<VT>> | null = null;
    let observed = -1;
    let seq = 0;
    const buffer: { r: Record<K, V>; seq: number }[] = [];

    const lookup = (key: K, ts: number): VT | null => {
      if (engine !== null && typed !== null) {
        const hit = engine.getAsOf(typed.serializeKey(key), ts);
        return hit === null ? null : typed.deserializeValue(hit.value)!.value;
      }
      const v = getter.get(key);
      return v === null ? null : v.value;
    };
    const joinNow = (r: Record<K, V>): void => {
      const vt = lookup(r.key, r.timestamp);
      if (vt === null && !leftJoin) return;
      ctx.forward(r.withValue(joiner(r.value, vt, r.key)));
    };

    return {
      init: (c) => {
        ctx = c;
        getter.init(c as ProcessorContext<unknown, unknown>);
        const names = getterSupplier.storeNames();
        if (names.length === 1) {
          const store = c.getStateStore(names[0]!);
          engine = findVersionedEngine(store);
          if (engine !== null) typed = store as unknown as TypedKeyValueStore<K, ValueAndTimestamp<VT>>;
        }
        if (graceMs > 0 && engine === null) throw new TopologyError('a stream-table join grace period needs a versioned table (VersionedStores.inMemoryVersionedKeyValueStore)');
        if (engine !== null && graceMs > engine.historyRetentionMs) throw new TopologyError(`join grace (${graceMs}) must not exceed the table's history retention (${engine.historyRetentionMs})`);
      },
      process: (r) => {
        if (r.value === null || r.value === undefined) {
          recordDropped(ctx as ProcessorContext<unknown, unknown>, r, 'null-value');
          return;
        }
        if (r.key === null || r.key === undefined) {
          // KIP-962: a left join keeps stream records without a key.
          if (leftJoin) ctx.forward(r.withValue(joiner(r.value, null, r.key)));
          else recordDropped(ctx as ProcessorContext<unknown, unknown>, r, 'null-key');
          return;
        }
        if (graceMs <= 0) {
          joinNow(r);
          return;
        }
        observed = Math.max(observed, r.timestamp);
        const horizon = observed - graceMs;
        if (r.timestamp < horizon) {
          joinNow(r);
          return;
        }
        const entry = { r, seq: seq++ };
        let i = buffer.length;
        while (i > 0 && buffer[i - 1]!.r.timestamp > r.timestamp) i--;
        buffer.splice(i, 0, entry);
        while (buffer.length > 0 && buffer[0]!.r.timestamp <= horizon) joinNow(buffer.shift()!.r);
      },
    };
  };
}
