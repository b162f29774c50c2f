import { describe, expect, it } from 'vitest';
import { embedded } from '@tributary/client';
import {
  Consumed,
  Grouped,
  JoinWindows,
  Materialized,
  Serdes,
  SessionWindows,
  SlidingWindows,
  StreamJoined,
  Stores,
  StreamsBuilder,
  TimeWindows,
  TopologyTestDriver,
  TributaryStreams,
  type StoreBuildOptions,
  type Topology,
} from '../index.js';
import { resolveDslStoreType } from './streams-config.js';

const S = Serdes.String();
type Builder = { isPersistent?: (d: 'in_memory' | 'persistent') => boolean; supplier?: { persistent: boolean; dslDefault?: boolean }; build(o: StoreBuildOptions): { persistent: boolean } };
const builderOf = (t: Topology, store: string): Builder => t.stores.get(store)!.builder as unknown as Builder;

describe('store suppliers in the DSL', () => {
  it('windowed, sliding, session and cogrouped aggregations and stream-stream joins take window/session suppliers; the store is named after the supplier', () => {
    const b = new StreamsBuilder();
    const grouped = b.stream('in', Consumed.with(S, S)).groupByKey(Grouped.with(S, S));
    grouped.windowedBy(TimeWindows.ofSizeAndGrace(100, 10)).count(Materialized.as<string, number>(Stores.persistentTimestampedWindowStore('tw', { retentionMs: 500, windowSizeMs: 100 })));
    grouped.windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(50)).count(Materialized.as<string, number>(Stores.persistentWindowStore('sw', { retentionMs: 500, windowSizeMs: 50 })));
    grouped.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(20)).count(Materialized.as<string, number>(Stores.persistentSessionStore('ss', 500)));
    grouped.cogroup((_k, _v, agg: number) => agg + 1).windowedBy(TimeWindows.ofSizeWithNoGrace(100)).aggregate(() => 0, Materialized.as<string, number>(Stores.inMemoryWindowStore('cw', { retentionMs: 100, windowSizeMs: 100 })));
    const left = b.stream('l', Consumed.with(S, S));
    const jw = JoinWindows.ofTimeDifferenceWithNoGrace(30);
    left.join(b.stream('r', Consumed.with(S, S)), (x: string, y: string) => x + y, jw, StreamJoined.with(S, S, S)
      .withThisStoreSupplier(Stores.persistentWindowStore('jl', { retentionMs: 60, windowSizeMs: 60, retainDuplicates: true }))
      .withOtherStoreSupplier(Stores.persistentWindowStore('jr', { retentionMs: 60, windowSizeMs: 60, retainDuplicates: true })));
    const t = b.build();
    for (const name of ['tw', 'sw', 'ss', 'jl', 'jr']) expect(builderOf(t, name).isPersistent!('in_memory')).toBe(true);
    expect(builderOf(t, 'cw').isPersistent!('persistent')).toBe(false);
  });

  it('refuses suppliers that do not fit the operator (typed INVALID_ARGUMENT)', () => {
    const build = (f: (b: StreamsBuilder) => void): (() => Topology) => () => {
      const b = new StreamsBuilder();
      f(b);
      return b.build();
    };
    const cases: (() => unknown)[] = [
      // window size differs from the windows'
      build((b) => b.stream('in', Consumed.with(S, S)).groupByKey(Grouped.with(S, S)).windowedBy(TimeWindows.ofSizeWithNoGrace(100)).count(Materialized.as<string, number>(Stores.persistentWindowStore('w', { retentionMs: 500, windowSizeMs: 50 })))),
      // retention below size + grace
      build((b) => b.stream('in', Consumed.with(S, S)).groupByKey(Grouped.with(S, S)).windowedBy(TimeWindows.ofSizeAndGrace(100, 50)).count(Materialized.as<string, number>(Stores.persistentWindowStore('w', { retentionMs: 120, windowSizeMs: 100 })))),
      // a key-value supplier for a windowed aggregation, a window supplier for a table
      build((b) => b.stream('in', Consumed.with(S, S)).groupByKey(Grouped.with(S, S)).windowedBy(TimeWindows.ofSizeWithNoGrace(100)).count(Materialized.as<string, number>(Stores.inMemoryKeyValueStore('w')))),
      build((b) => b.stream('in', Consumed.with(S, S)).groupByKey(Grouped.with(S, S)).count(Materialized.as<string, number>(Stores.persistentWindowStore('w', { retentionMs: 100, windowSizeMs: 100 })))),
      build((b) => b.stream('in', Consumed.with(S, S)).groupByKey(Grouped.with(S, S)).windowedBy(SessionWindows.ofInactivityGapWithNoGrace(20)).count(Materialized.as<string, number>(Stores.persistentSessionStore('s', 10)))),
      // join store without duplicates
      build((b) => b.stream('l', Consumed.with(S, S)).join(b.stream('r', Consumed.with(S, S)), (x: string, y: string) => x + y, JoinWindows.ofTimeDifferenceWithNoGrace(30), StreamJoined.with(S, S, S).withThisStoreSupplier(Stores.persistentWindowStore('j', { retentionMs: 60, windowSizeMs: 60 })))),
      // bad supplier parameters
      () => Stores.persistentWindowStore('w', { retentionMs: 10, windowSizeMs: 20 }),
      () => Stores.persistentSessionStore('s', -1),
    ];
    for (const c of cases) expect(c).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('DSL stores without a supplier follow defaultDslStore: key-value, window and session', () => {
    const b = new StreamsBuilder();
    const grouped = b.stream('in', Consumed.with(S, S)).groupByKey(Grouped.with(S, S));
    grouped.count(Materialized.as<string, number>('kv'));
    grouped.windowedBy(TimeWindows.ofSizeWithNoGrace(100)).count(Materialized.as<string, number>('win'));
    grouped.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(20)).count(Materialized.as<string, number>('ses'));
    const t = b.build();
    expect(builderOf(t, 'kv').supplier?.dslDefault).toBe(true);
    for (const name of ['win', 'ses']) {
      expect(builderOf(t, name).isPersistent!('in_memory')).toBe(false);
      expect(builderOf(t, name).isPersistent!('persistent')).toBe(true);
      expect(builderOf(t, name).build({ changelogTopic: null, cacheMaxBytes: 0, defaultDslStore: 'in_memory' }).persistent).toBe(false);
      expect(builderOf(t, name).build({ changelogTopic: null, cacheMaxBytes: 0, directory: '/nonexistent', defaultDslStore: 'persistent' }).persistent).toBe(true);
    }
    // The synchronous test driver keeps in-memory stores.
    const d = new TopologyTestDriver(t, { applicationId: 'app' });
    d.close();
  });

  it('validates defaultDslStore with the typed config error', () => {
    expect(resolveDslStoreType(undefined)).toBe('in_memory');
    expect(resolveDslStoreType('persistent')).toBe('persistent');
    expect(() => resolveDslStoreType('rocksDB')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    const cluster = embedded({ dir: '/nonexistent-never-connected' }, { clientId: 'x' });
    const t = new StreamsBuilder();
    t.stream('in').to('out');
    expect(() => new TributaryStreams(t.build(), { applicationId: 'app', cluster, defaultDslStore: 'rocks' as never })).toThrow(/defaultDslStore 'rocks'/);
  });
});
