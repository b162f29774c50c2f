import type { SlidingWindows } from '../../dsl/sliding-windows.js';
import { windowed, type Windowed } from '../../dsl/windowed.js';
import type { Serde } from '../../serdes/serde.js';
import type { InMemoryProcessorStateStore, ProcessorStateStoreBuilder } from '../../state/buffer/processor-state-store.js';
import type { InMemoryWindowStore } from '../../state/window/in-memory-window-store.js';
import type { ValueAndTimestamp } from '../../state/value-and-timestamp.js';
import { change, type Change } from '../change.js';
import type { KTableProcessorSupplier, KTableValueGetterSupplier } from '../ktable-value-getter.js';
import type { Processor } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';
import { Record } from '../record.js';
import { recordDropped } from './dropped-records.js';
import { OBSERVED_STREAM_TIME, readTime, writeTime } from './emit-close-metadata.js';
import { freezeValue } from './freeze-value.js';
import { windowStoreValueGetter } from './kstream-window-aggregate.js';
import { SlidingRecordBuffer, type SeenRecord } from './sliding-record-buffer.js';

/**
 * Sliding-window aggregation (KIP-450). Windows are [start, start + d], both ends included: each
 * record has its left window [t - d, t] ([0, d] for t < d), and a right window [t + 1, t + 1 + d]
 * exists once a later record falls into it. A record updates every window containing it and
 * creates its missing left window, its predecessor's right window and (out of order) its own right
 * window. A window is closed once end < stream time - grace. Window values are recomputed from the
 * records still in reach, folded in arrival order (the same values Kafka's incremental algorithm
 * keeps for counts and for in-order input). Those records and the observed stream time live in an
 * internal changelogged store (see sliding-record-buffer.ts), so they survive restarts.
 */
export class KStreamSlidingWindowAggregateSupplier<K, V, VA> implements KTableProcessorSupplier<Windowed<K>, VA> {
  private sendOldValues = false;

  constructor(
    readonly storeName: string,
    private readonly windows: SlidingWindows,
    private readonly initializer: (() => VA) | null,
    private readonly aggregator: (key: K, value: V, aggregate: VA) => VA,
    private readonly emitOnClose: boolean,
    private readonly keySerde?: Serde<K>,
    private readonly valueSerde?: Serde<V>,
  ) {}

  enableSendingOldValues(): boolean {
    this.sendOldValues = true;
    return true;
  }
  view(): KTableValueGetterSupplier<Windowed<K>, VA> {
    return windowStoreValueGetter(this.storeName);
  }
  /** The record buffer the processor owns besides the window store (Kafka's ConnectedStoreProvider). */
  stores(): ProcessorStateStoreBuilder<K, V>[] {
    return [SlidingRecordBuffer.builder(this.storeName, this.keySerde, this.valueSerde)];
  }

  get = (): Processor<K, V, Windowed<K>, Change<VA>> => {
    const { storeName, initializer, aggregator, emitOnClose, sendOldValues } = this;
    const d = this.windows.timeDifferenceMs;
    const grace = this.windows.gracePeriodMs();
    let store: InMemoryWindowStore<K, ValueAndTimestamp<VA>>;
    let ctx: ProcessorContext<Windowed<K>, Change<VA>>;
    let observed = -1;
    let lastEmitClose = Number.NEGATIVE_INFINITY;
    let meta: InMemoryProcessorStateStore<K, V>;
    // Per key, the records that may still be in an open window.
    let seen: SlidingRecordBuffer<K, V>;

    const fold = (key: K, records: readonly SeenRecord<V>[], start: number, end: number): ValueAndTimestamp<VA> | null => {
      let agg: VA | null = initializer === null ? null : initializer();
      let ts = -1;
      for (const r of records) {
        if (r.ts < start || r.ts > end) continue;
        agg = agg === null ? (r.value as unknown as VA) : aggregator(key, r.value, agg);
        ts = Math.max(ts, r.ts);
      }
      return ts < 0 || agg === null ? null : { value: freezeValue(agg), timestamp: ts };
    };

    const emitClosed = (closeTime: number): void => {
      if (closeTime <= lastEmitClose) return;
      for (const kv of store.fetchAllIncludingExpired(Number.isFinite(lastEmitClose) ? lastEmitClose - d : Number.MIN_SAFE_INTEGER, closeTime - d - 1)) {
        const end = kv.key.window.end;
        if (end >= closeTime || (Number.isFinite(lastEmitClose) && end < lastEmitClose)) continue;
        ctx.forward(new Record(kv.key, change(kv.value.value, null), kv.value.timestamp));
      }
      lastEmitClose = closeTime;
      store.dropExpiredSegments();
    };

    return {
      init: (c) => {
        ctx = c;
        store = c.getStateStore(storeName);
        meta = c.getStateStore(SlidingRecordBuffer.storeName(storeName));
        seen = new SlidingRecordBuffer(meta);
        const restored = readTime(meta, OBSERVED_STREAM_TIME);
        if (restored !== null) {
          // Every record that advanced stream time also emitted up to its close time.
          observed = restored;
          if (emitOnClose) lastEmitClose = restored - grace;
        }
      },
      process: (r) => {
        if (r.key === null || r.key === undefined || r.value === null || r.value === undefined) {
          recordDropped(ctx as ProcessorContext<unknown, unknown>, r, r.key === null || r.key === undefined ? 'null-key' : 'null-value');
          return;
        }
        const t = r.timestamp;
        if (t > observed) {
          observed = t;
          writeTime(meta, OBSERVED_STREAM_TIME, observed);
        }
        const closeTime = observed - grace;
        // Records older than this can no longer be in a window that is still open.
        seen.prune(r.key, closeTime - 2 * d - 2);
        const earlier = seen.records(r.key);
        let predecessor = Number.NEGATIVE_INFINITY;
        let successor = false;
        for (const x of earlier) {
          if (x.ts < t) predecessor = Math.max(predecessor, x.ts);
          if (x.ts > t && x.ts <= t + 1 + d) successor = true;
        }
        seen.add(r.key, t, r.value);
        const records = seen.records(r.key);

        const starts = new Set<number>();
        starts.add(t < d ? 0 : t - d);
        for (const kv of store.fetchRange(r.key, Math.max(0, t - d), t)) starts.add(kv.key);
        if (Number.isFinite(predecessor) && t <= predecessor + 1 + d) starts.add(predecessor + 1);
        if (successor && store.fetch(r.key, t + 1) === null) starts.add(t + 1);
        for (const start of [...starts].sort((a, b) => a - b)) {
          const end = start + d;
          if (end < closeTime) {
            recordDropped(ctx as ProcessorContext<unknown, unknown>, r, 'late');
            continue;
          }
          const old = store.fetch(r.key, start);
          const next = fold(r.key, records, start, end);
          if (next === null) continue;
          store.put(r.key, next, start);
          if (!emitOnClose) ctx.forward(new Record(windowed(r.key, start, end), change(next.value, sendOldValues && old !== null ? old.value : null), next.timestamp, r.headers));
        }
        if (emitOnClose) emitClosed(closeTime);
      },
    };
  };
}
