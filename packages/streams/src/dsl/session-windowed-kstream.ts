import { StreamsArgumentError } from '../errors/streams-errors.js';
import { KStreamSessionWindowAggregateSupplier } from '../processor/ops/kstream-session-window-aggregate.js';
import type { Serde } from '../serdes/serde.js';
import { Serdes } from '../serdes/serdes.js';
import { sessionWindowedSerde } from '../serdes/windowed-serdes.js';
import { SessionStoreBuilder } from '../state/session/session-store-builder.js';
import type { Aggregator, Initializer, Reducer } from './aggregator.js';
import { EmitStrategy } from './emit-strategy.js';
import type { KTable } from './ktable.js';
import type { Named } from './named.js';
import type { Materialized } from './options.js';
import type { SessionWindows } from './session-windows.js';
import { addWindowedAggregation, sessionSupplierOf, type GroupedParent } from './windowed-aggregation.js';
import type { Windowed } from './windowed.js';

type U = unknown;
type Opt<K, VA> = Named | Materialized<K, VA> | string;

/** Merges two session aggregates when a record bridges two sessions. */
export type Merger<K, VA> = (key: K, aggOne: VA, aggTwo: VA) => VA;

/** A grouped stream cut into sessions, ready for count / reduce / aggregate (with a merger). */
export class SessionWindowedKStream<K, V> {
  /** @internal */
  constructor(
    private readonly grouped: GroupedParent<K, V>,
    private readonly windows: SessionWindows,
    private readonly emit: EmitStrategy = EmitStrategy.onWindowUpdate(),
  ) {}

  emitStrategy(strategy: EmitStrategy): SessionWindowedKStream<K, V> {
    return new SessionWindowedKStream(this.grouped, this.windows, strategy);
  }

  count(...options: Opt<K, number>[]): KTable<Windowed<K>, number> {
    return this.build<number>('KSTREAM-AGGREGATE-', options, () => 0, (_k, _v, agg) => agg + 1, (_k, a, b) => a + b, Serdes.Long());
  }
  reduce(reducer: Reducer<V>, ...options: Opt<K, V>[]): KTable<Windowed<K>, V> {
    return this.build<V>('KSTREAM-REDUCE-', options, null, (_k, v, agg) => reducer(agg, v), (_k, a, b) => reducer(a, b), this.grouped.valueSerde);
  }
  aggregate<VA>(initializer: Initializer<VA>, aggregator: Aggregator<K, V, VA>, merger: Merger<K, VA>, ...options: Opt<K, VA>[]): KTable<Windowed<K>, VA> {
    return this.build<VA>('KSTREAM-AGGREGATE-', options, initializer, aggregator, merger, undefined);
  }

  private build<VA>(prefix: string, options: Opt<K, VA>[], init: (() => VA) | null, agg: Aggregator<K, V, VA>, merger: Merger<K, VA>, defaultValueSerde: Serde<VA> | undefined): KTable<Windowed<K>, VA> {
    const w = this.windows;
    const emitOnClose = this.emit.type === 'ON_WINDOW_CLOSE';
    const keySerde = this.grouped.keySerde;
    const minRetention = w.inactivityGap() + w.gracePeriodMs();
    return addWindowedAggregation<K, VA>(this.grouped as GroupedParent<K, U>, options, {
      processorPrefix: prefix,
      keySerde: sessionWindowedSerde(keySerde) as Serde<Windowed<U>>,
      closeDelayMs: minRetention,
      store: (name, m) => {
        const supplier = sessionSupplierOf(m as Materialized<U, U> | undefined, minRetention);
        const retention = supplier?.retentionMs ?? m?.retentionMs ?? minRetention;
        if (retention < minRetention) throw new StreamsArgumentError(`retention (${retention}) must be at least gap + grace (${minRetention})`);
        return new SessionStoreBuilder<K, VA>(name, retention, (m?.keySerde as Serde<K> | undefined) ?? keySerde, m?.valueSerde ?? defaultValueSerde, emitOnClose, supplier);
      },
      supplier: (name) => new KStreamSessionWindowAggregateSupplier<K, V, VA>(name, w, init, agg, merger, emitOnClose) as never,
    }, defaultValueSerde);
  }
}
