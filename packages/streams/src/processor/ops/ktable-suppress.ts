import type { Suppressed } from '../../dsl/suppressed.js';
import type { Windowed } from '../../dsl/windowed.js';
import { SuppressionBufferFullError } from '../../errors/streams-errors.js';
import type { BufferedUpdate, InMemorySuppressionBuffer } from '../../state/window/suppression-buffer.js';
import { change, type Change } from '../change.js';
import type { KTableProcessorSupplier, KTableValueGetterSupplier } from '../ktable-value-getter.js';
import type { Processor } from '../processor.js';
import type { ProcessorContext } from '../processor-context.js';
import { Record } from '../record.js';

/**
 * KTable.suppress. Stream time here is the max timestamp of the updates this node receives.
 * untilWindowCloses: buffer time = window end, emitted when end <= stream time - closeDelay
 * (grace, or gap + grace for sessions); tombstones are never emitted (final results only).
 * untilTimeLimit: buffer time = first buffering time of the key, emitted when <= stream time - limit.
 */
export class KTableSuppressSupplier<K, V> implements KTableProcessorSupplier<K, V> {
  private sendOldValues = false;

  constructor(
    private readonly parent: KTableProcessorSupplier<K, V>,
    readonly storeName: string,
    private readonly suppressed: Suppressed,
    private readonly closeDelayMs: number,
  ) {}

  enableSendingOldValues(force: boolean): boolean {
    if (!this.parent.enableSendingOldValues(force)) return false;
    this.sendOldValues = true;
    return true;
  }

  view(): KTableValueGetterSupplier<K, V> {
    const parentView = this.parent.view();
    const storeName = this.storeName;
    return {
      storeNames: () => [...parentView.storeNames(), storeName],
      get: () => {
        const parentGetter = parentView.get();
        let buffer: InMemorySuppressionBuffer<K, V> | null = null;
        return {
          init: (ctx) => {
            parentGetter.init(ctx);
            buffer = ctx.getStateStore(storeName);
          },
          // Downstream has not seen buffered updates yet: show what it last saw.
          get: (key) => {
            const e = buffer!.lookup(key);
            if (e === undefined) return parentGetter.get(key);
            return e.priorValue === null ? null : { value: e.priorValue, timestamp: e.recordTimestamp };
          },
        };
      },
    };
  }

  get = (): Processor<K, Change<V>, K, Change<V>> => {
    const { storeName, suppressed, sendOldValues } = this;
    const finalResults = suppressed.kind === 'untilWindowCloses';
    const delay = finalResults ? this.closeDelayMs : suppressed.timeLimitMs;
    const { maxRecords, maxBytes, whenFull } = suppressed.bufferConfig;
    let buffer: InMemorySuppressionBuffer<K, V>;
    let ctx: ProcessorContext<K, Change<V>>;
    let observed = Number.NEGATIVE_INFINITY;
    const overCapacity = (): boolean => buffer.numRecords() > maxRecords || buffer.bufferSize() > maxBytes;
    const emit = (e: BufferedUpdate<K, V>): void => {
      if (e.newValue === null && finalResults) return;
      ctx.forward(new Record(e.key, change(e.newValue, sendOldValues ? e.priorValue : null), e.recordTimestamp));
    };
    return {
      init: (c) => {
        ctx = c;
        buffer = c.getStateStore(storeName);
      },
      process: (r) => {
        observed = Math.max(observed, r.timestamp);
        const bufferTime = finalResults ? (r.key as unknown as Windowed<unknown>).window.end : r.timestamp;
        buffer.put(bufferTime, r.key, r.value.newValue, r.value.oldValue, r.timestamp);
        const expiry = observed - delay;
        buffer.evictWhile(() => buffer.minTimestamp() <= expiry, emit);
        if (overCapacity()) {
          if (whenFull === 'emit-early') buffer.evictWhile(overCapacity, emit);
          else throw new SuppressionBufferFullError(storeName, buffer.numRecords(), buffer.bufferSize());
        }
      },
    };
  };
}
