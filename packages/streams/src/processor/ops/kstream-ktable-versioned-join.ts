import { TopologyError } from '../../errors/streams-errors.js';
import { findVersionedEngine, type InMemoryVersionedBytesStore } from '../../state/versioned/in-memory-versioned-bytes-store.js';
import type { InMemoryProcessorStateStore } from '../../state/buffer/processor-state-store.js';
import type { TypedKeyValueStore } from '../../state/typed-key-value-store.js';
import type { ValueAndTimestamp } from '../../state/value-and-timestamp.js';
import type { KTableValueGetterSupplier } from '../ktable-value-getter.js';
import type { ProcessorSupplier } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';
import type { Record } from '../record.js';
import { recordDropped } from './dropped-records.js';
import { JoinGraceBuffer } from './join-grace-buffer.js';

/**
 * Stream-table join that honours versioned tables (KIP-914/923). Against a versioned table the
 * lookup is "as of" the stream record's timestamp. With a grace period, stream records wait in
 * timestamp order until `ts <= stream time - grace`; a record already older than that joins at once.
 * The waiting records and the observed stream time are changelogged in the buffer store
 * `bufferStoreName` (see join-grace-buffer.ts), so a restart neither loses nor re-joins them.
 * Without a versioned table (and no grace) it is the plain latest-value lookup.
 */
export function kstreamKTableVersionedJoin<K, V, VT, VR>(
  getterSupplier: KTableValueGetterSupplier<K, VT>,
  joiner: (value: V, tableValue: VT | null, key: K) => VR,
  leftJoin: boolean,
  graceMs: number,
  bufferStoreName: string | null = null,
): ProcessorSupplier<K, V, K, VR> {
  return () => {
    const getter = getterSupplier.get();
    let ctx: ProcessorContext<K, VR>;
    let engine: InMemoryVersionedBytesStore | null = null;
    let typed: TypedKeyValueStore<K, ValueAndTimestamp<VT>> | null = null;
    let buffer: JoinGraceBuffer<K, V> | null = null;

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
        if (graceMs > 0) {
          if (bufferStoreName === null) throw new TopologyError('a stream-table join grace period needs its buffer store');
          buffer = new JoinGraceBuffer<K, V>(c.getStateStore<InMemoryProcessorStateStore<K, V>>(bufferStoreName));
        }
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
        const b = buffer!;
        b.advance(r.timestamp);
        const horizon = b.observed - graceMs;
        // Nothing buffered is <= horizon here (it only moves when a record advances stream time),
        // so a record at or before it joins at once, with no buffer write.
        if (r.timestamp <= horizon) {
          joinNow(r);
          return;
        }
        b.add(r);
        b.evictUpTo(horizon, joinNow);
      },
    };
  };
}
