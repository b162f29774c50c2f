import { StreamsArgumentError } from '../errors/streams-errors.js';
import { KStreamSlidingWindowAggregateSupplier } from '../processor/ops/kstream-sliding-window-aggregate.js';
import type { Serde } from '../serdes/serde.js';
import { Serdes } from '../serdes/serdes.js';
import { timeWindowedSerde } from '../serdes/windowed-serdes.js';
import { WindowStoreBuilder } from '../state/window/window-store-builder.js';
import type { Aggregator, Initializer, Reducer } from './aggregator.js';
import { EmitStrategy } from './emit-strategy.js';
import type { KTable } from './ktable.js';
import type { Named } from './named.js';
import type { Materialized } from './options.js';
import type { SlidingWindows } from './sliding-windows.js';
import { addWindowedAggregation, windowSupplierOf, type GroupedParent } from './windowed-aggregation.js';
import type { Windowed } from './windowed.js';

type U = unknown;
type Opt<K, VA> = Named | Materialized<K, VA> | string;

/** A grouped stream cut into sliding windows [t - d, t], ready for count / reduce / aggregate. */
export class SlidingWindowedKStream<K, V> {
  /** @internal */
  constructor(
    private readonly grouped: GroupedParent<K, V>,
    private readonly windows: SlidingWindows,
    private readonly emit: EmitStrategy = EmitStrategy.onWindowUpdate(),
  ) {}

  emitStrategy(strategy: EmitStrategy): SlidingWindowedKStream<K, V> {
    return new SlidingWindowedKStream(this.grouped, this.windows, strategy);
  }
  count(...options: Opt<K, number>[]): KTable<Windowed<K>, number> {
    return this.build<number>('KSTREAM-AGGREGATE-', options, () => 0, (_k, _v, agg) => agg + 1, Serdes.Long());
  }
  reduce(reducer: Reducer<V>, ...options: Opt<K, V>[]): KTable<Windowed<K>, V> {
    return this.build<V>('KSTREAM-REDUCE-', options, null, (_k, v, agg) => reducer(agg, v), this.grouped.valueSerde);
  }
  aggregate<VA>(initializer: Initializer<VA>, aggregator: Aggregator<K, V, VA>, ...options: Opt<K, VA>[]): KTable<Windowed<K>, VA> {
    return this.build<VA>('KSTREAM-AGGREGATE-', options, initializer, aggregator, undefined);
  }

  private build<VA>(prefix: string, options: Opt<K, VA>[], init: (() => VA) | null, agg: Aggregator<K, V, VA>, defaultValueSerde: Serde<VA> | undefined): KTable<Windowed<K>, VA> {
    const w = this.windows;
    const d = w.timeDifferenceMs;
    const emitOnClose = this.emit.type === 'ON_WINDOW_CLOSE';
    const keySerde = this.grouped.keySerde;
    // Right windows start after the newest record, so the store must reach one window further back.
    const minRetention = 2 * d + w.gracePeriodMs() + 1;
    return addWindowedAggregation<K, VA>(this.grouped as GroupedParent<K, U>, options, {
      processorPrefix: prefix,
      keySerde: timeWindowedSerde(keySerde, d) as Serde<Windowed<U>>,
      closeDelayMs: w.gracePeriodMs(),
      store: (name, m) => {
        const supplier = windowSupplierOf(m as Materialized<U, U> | undefined, d, d + w.gracePeriodMs());
        const asked = supplier?.retentionMs ?? m?.retentionMs;
        const retention = Math.max(asked ?? minRetention, minRetention);
        if (asked !== undefined && asked < d + w.gracePeriodMs()) throw new StreamsArgumentError(`retention (${asked}) must be at least time difference + grace`);
        return new WindowStoreBuilder<K, VA>(name, retention, d, false, (m?.keySerde as Serde<K> | undefined) ?? keySerde, m?.valueSerde ?? defaultValueSerde, true, emitOnClose, supplier);
      },
      supplier: (name) => new KStreamSlidingWindowAggregateSupplier<K, V, VA>(name, w, init, agg, emitOnClose, keySerde, this.grouped.valueSerde) as never,
    }, defaultValueSerde);
  }
}
