import type { SessionWindows } from '../../dsl/session-windows.js';
import { Window, Windowed } from '../../dsl/windowed.js';
import type { InMemoryProcessorStateStore, ProcessorStateStoreBuilder } from '../../state/buffer/processor-state-store.js';
import type { InMemorySessionStore } from '../../state/session/in-memory-session-store.js';
import { change, type Change } from '../change.js';
import type { KTableProcessorSupplier, KTableValueGetterSupplier } from '../ktable-value-getter.js';
import type { Processor } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';
import { Record } from '../record.js';
import { recordDropped } from './dropped-records.js';
import { emitCloseStoreBuilder, emitCloseStoreName, LAST_EMIT_CLOSE, readTime, writeTime } from './emit-close-metadata.js';
import { freezeValue } from './freeze-value.js';

/**
 * Session aggregation: a record merges every session of its key within the inactivity gap
 * into one. Merged-away sessions are removed and forwarded as tombstones (timestamp = their end);
 * the merged session is forwarded with timestamp = its end. A record whose merged session ends
 * before stream time - grace - gap is dropped as late. Emit-on-close forwards each session once,
 * when end + gap + grace < stream time; the last emitted close time survives restarts in an
 * internal store (see emit-close-metadata.ts).
 */
export class KStreamSessionWindowAggregateSupplier<K, V, VA> implements KTableProcessorSupplier<Windowed<K>, VA> {
  private sendOldValues = false;

  constructor(
    readonly storeName: string,
    private readonly windows: SessionWindows,
    private readonly initializer: (() => VA) | null,
    private readonly aggregator: (key: K, value: V, aggregate: VA) => VA,
    private readonly merger: ((key: K, left: VA, right: VA) => VA) | null,
    private readonly emitOnClose: boolean,
  ) {}

  enableSendingOldValues(): boolean {
    this.sendOldValues = true;
    return true;
  }
  /** Internal stores the processor owns besides the session store (Kafka's ConnectedStoreProvider). */
  stores(): ProcessorStateStoreBuilder[] {
    return this.emitOnClose ? [emitCloseStoreBuilder(this.storeName)] : [];
  }
  view(): KTableValueGetterSupplier<Windowed<K>, VA> {
    const storeName = this.storeName;
    return {
      storeNames: () => [storeName],
      get: () => {
        let store: InMemorySessionStore<K, VA> | null = null;
        return {
          init: (ctx) => {
            store = ctx.getStateStore(storeName);
          },
          get: (w) => {
            const v = store!.fetchSession(w.key, w.window.start, w.window.end);
            return v === null ? null : { value: v, timestamp: w.window.end };
          },
        };
      },
    };
  }

  get = (): Processor<K, V, Windowed<K>, Change<VA>> => {
    const { storeName, windows, initializer, aggregator, merger, emitOnClose, sendOldValues } = this;
    const gap = windows.inactivityGap();
    const grace = windows.gracePeriodMs();
    let store: InMemorySessionStore<K, VA>;
    let meta: InMemoryProcessorStateStore | null = null;
    let ctx: ProcessorContext<Windowed<K>, Change<VA>>;
    let observed = -1;
    let lastEmitClose = Number.NEGATIVE_INFINITY;

    // A session still accepts records while end >= closeTime, so it is final once end < closeTime.
    const emitClosed = (closeTime: number): void => {
      if (closeTime <= lastEmitClose) return;
      const from = Number.isFinite(lastEmitClose) ? lastEmitClose : Number.MIN_SAFE_INTEGER;
      // Sessions ending in [lastEmitClose, closeTime), in store order (end, key, start).
      for (const kv of store.findAllSessionsIncludingExpired(from)) {
        if (kv.key.window.end >= closeTime) continue;
        ctx.forward(new Record(kv.key, change(kv.value, null), kv.key.window.end));
      }
      lastEmitClose = closeTime;
      writeTime(meta!, LAST_EMIT_CLOSE, closeTime);
      store.dropExpiredSegments(closeTime - 1);
    };

    return {
      init: (c) => {
        ctx = c;
        store = c.getStateStore(storeName);
        if (emitOnClose) {
          meta = c.getStateStore(emitCloseStoreName(storeName));
          const restored = readTime(meta, LAST_EMIT_CLOSE);
          if (restored !== null) {
            // Every advance of close time is written, so observed stream time was close time + grace + gap.
            lastEmitClose = restored;
            observed = restored + grace + gap;
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
        const closeTime = observed - grace - gap;
        let start = ts;
        let end = ts;
        let agg: VA | null = initializer === null ? null : initializer();
        const merged = store.findSessions(r.key, ts - gap, ts + gap);
        for (const s of merged) {
          agg = agg === null ? s.value : merger === null ? s.value : merger(r.key, agg, s.value);
          start = Math.min(start, s.key.window.start);
          end = Math.max(end, s.key.window.end);
        }
        if (end < closeTime) {
          recordDropped(ctx as ProcessorContext<unknown, unknown>, r, 'late');
          if (emitOnClose) emitClosed(closeTime);
          return;
        }
        const mergedWindow = new Window(start, end);
        if (!(start === ts && end === ts)) {
          for (const s of merged) {
            store.remove(s.key);
            if (!emitOnClose) ctx.forward(new Record(s.key, change<VA>(null, sendOldValues ? s.value : null), s.key.window.end, r.headers));
          }
        }
        const newAgg = freezeValue(agg === null ? (r.value as unknown as VA) : aggregator(r.key, r.value, agg));
        const key = new Windowed(r.key, mergedWindow);
        store.put(key, newAgg);
        if (!emitOnClose) ctx.forward(new Record(key, change(newAgg, null), end, r.headers));
        else emitClosed(closeTime);
      },
    };
  };
}
