import type { TimeWindows } from '../../dsl/time-windows.js';
import { Windowed, windowed } from '../../dsl/windowed.js';
import type { InMemoryProcessorStateStore, ProcessorStateStoreBuilder } from '../../state/buffer/processor-state-store.js';
import type { InMemoryWindowStore } from '../../state/window/in-memory-window-store.js';
import type { ValueAndTimestamp } from '../../state/value-and-timestamp.js';
import { change, type Change } from '../change.js';
import type { KTableProcessorSupplier, KTableValueGetterSupplier } from '../ktable-value-getter.js';
import type { Processor } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';
import { Record } from '../record.js';
import { recordDropped } from './dropped-records.js';
import { emitCloseStoreBuilder, emitCloseStoreName, LAST_EMIT_CLOSE, readTime, writeTime } from './emit-close-metadata.js';
import { freezeValue } from './freeze-value.js';

type Store<K, VA> = InMemoryWindowStore<K, ValueAndTimestamp<VA>>;

/** A value getter over a timestamped window store, keyed by Windowed<K>. */
export function windowStoreValueGetter<K, VA>(storeName: string): KTableValueGetterSupplier<Windowed<K>, VA> {
  return {
    storeNames: () => [storeName],
    get: () => {
      let store: Store<K, VA> | null = null;
      return {
        init: (ctx) => {
          store = ctx.getStateStore<Store<K, VA>>(storeName);
        },
        get: (key) => store!.fetch(key.key, key.window.start),
      };
    },
  };
}

/**
 * Tumbling / hopping window aggregation. A record updates every window containing it whose
 * end is still > observed stream time - grace; other windows drop it (counted). With
 * emit-on-close, each window is forwarded once, after its end <= stream time - grace.
 * Reduce is aggregate with a null initializer: the first value becomes the aggregate.
 * The last emitted close time survives restarts in an internal store (see emit-close-metadata.ts),
 * so windows emitted before a restart are not emitted again.
 */
export class KStreamWindowAggregateSupplier<K, V, VA> implements KTableProcessorSupplier<Windowed<K>, VA> {
  private sendOldValues = false;

  constructor(
    readonly storeName: string,
    private readonly windows: TimeWindows,
    private readonly initializer: (() => VA) | null,
    private readonly aggregator: (key: K, value: V, aggregate: VA) => VA,
    private readonly emitOnClose: boolean,
  ) {}

  enableSendingOldValues(): boolean {
    this.sendOldValues = true;
    return true;
  }
  view(): KTableValueGetterSupplier<Windowed<K>, VA> {
    return windowStoreValueGetter(this.storeName);
  }
  /** Internal stores the processor owns besides the window store (Kafka's ConnectedStoreProvider). */
  stores(): ProcessorStateStoreBuilder[] {
    return this.emitOnClose ? [emitCloseStoreBuilder(this.storeName)] : [];
  }

  get = (): Processor<K, V, Windowed<K>, Change<VA>> => {
    const { storeName, windows, initializer, aggregator, emitOnClose, sendOldValues } = this;
    const size = windows.size();
    const grace = windows.gracePeriodMs();
    let store: Store<K, VA>;
    let meta: InMemoryProcessorStateStore | null = null;
    let ctx: ProcessorContext<Windowed<K>, Change<VA>>;
    let observed = -1;
    let lastEmitClose = -1;
    let hasEmitted = false;

    const emitClosed = (closeTime: number): void => {
      if (hasEmitted && closeTime <= lastEmitClose) return;
      const upper = closeTime - size;
      if (upper >= 0) {
        const lower = hasEmitted ? Math.max(0, lastEmitClose - size) : 0;
        for (const kv of store.fetchAllIncludingExpired(lower, upper)) {
          const end = kv.key.window.end;
          if ((hasEmitted && end <= lastEmitClose) || end > closeTime) continue;
          ctx.forward(new Record(kv.key, change(kv.value.value, null), kv.value.timestamp));
        }
      }
      lastEmitClose = closeTime;
      hasEmitted = true;
      writeTime(meta!, LAST_EMIT_CLOSE, closeTime);
      store.dropExpiredSegments();
    };

    return {
      init: (c) => {
        ctx = c;
        store = c.getStateStore(storeName);
        if (emitOnClose) {
          meta = c.getStateStore(emitCloseStoreName(storeName));
          const restored = readTime(meta, LAST_EMIT_CLOSE);
          if (restored !== null) {
            // Every advance of close time is written, so observed stream time was close time + grace.
            lastEmitClose = restored;
            hasEmitted = true;
            observed = restored + grace;
          }
        }
      },
      process: (r) => {
        if (r.key === null || r.key === undefined) {
          recordDropped(ctx as ProcessorContext<unknown, unknown>, r, 'null-key');
          return;
        }
        const ts = r.timestamp;
        observed = Math.max(observed, ts);
        const closeTime = observed - grace;
        for (const w of windows.windowsFor(ts)) {
          if (w.end <= closeTime) {
            recordDropped(ctx as ProcessorContext<unknown, unknown>, r, 'late');
            continue;
          }
          const old = store.fetch(r.key, w.start);
          const oldAgg = old === null ? null : old.value;
          const newTs = old === null ? ts : Math.max(ts, old.timestamp);
          const base = oldAgg === null ? (initializer === null ? null : initializer()) : oldAgg;
          const newAgg = freezeValue(base === null ? (r.value as unknown as VA) : aggregator(r.key, r.value, base));
          store.put(r.key, newAgg === null ? null : { value: newAgg, timestamp: newTs }, w.start);
          if (!emitOnClose) ctx.forward(new Record(windowed(r.key, w.start, w.end), change(newAgg, sendOldValues ? oldAgg : null), newTs, r.headers));
        }
        if (emitOnClose) emitClosed(closeTime);
      },
    };
  };
}

export { Windowed };
