import { describe, expect, it } from 'vitest';
import { Serdes } from '../serdes/serdes.js';
import type { ChangelogRecord } from './changelog-sink.js';
import type { StateStoreContext } from './state-store.js';
import { Stores } from './store-builder.js';
import type { TypedKeyValueStore } from './typed-key-value-store.js';

function context(records: ChangelogRecord[], ts = { now: 0 }): StateStoreContext {
  return {
    applicationId: 'app',
    partition: 2,
    defaultKeySerde: Serdes.String() as never,
    defaultValueSerde: Serdes.String() as never,
    changelogSink: { send: (r) => records.push(r) },
    currentTimestamp: () => ts.now,
  };
}

describe('store layers: typed → caching → changelogging → engine', () => {
  it('changelogging writes every change with the record timestamp and partition', () => {
    const log: ChangelogRecord[] = [];
    const clock = { now: 5 };
    const store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('s'), Serdes.String(), Serdes.Integer()).build({ changelogTopic: 'app-s-changelog', cacheMaxBytes: 0 });
    store.init(context(log, clock));
    store.put('a', 1);
    clock.now = 6;
    store.delete('a');
    expect(log.map((r) => [r.topic, r.partition, r.key.toString(), r.value?.readInt32BE(0) ?? null, r.timestamp])).toEqual([
      ['app-s-changelog', 2, 'a', 1, 5],
      ['app-s-changelog', 2, 'a', null, 6],
    ]);
  });

  it('caching merges updates until flush, then notifies old and new once', () => {
    const log: ChangelogRecord[] = [];
    const b = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('s'), Serdes.String(), Serdes.Integer()).withCachingEnabled();
    const store = b.build({ changelogTopic: 'c', cacheMaxBytes: 1 << 20 }) as TypedKeyValueStore<string, number>;
    store.init(context(log));
    const flushed: [string, number | null, number | null][] = [];
    store.bytes.setFlushListener((k, n, o) => flushed.push([k.toString(), n?.readInt32BE(0) ?? null, o?.readInt32BE(0) ?? null]), true);
    store.put('a', 1);
    store.put('a', 2);
    expect(store.get('a')).toBe(2);
    expect(store.range(null, null)).toEqual([{ key: 'a', value: 2 }]);
    expect(log).toHaveLength(0);
    store.flush();
    expect(log).toHaveLength(1);
    expect(flushed).toEqual([['a', 2, null]]);
    store.put('a', 3);
    store.flush();
    expect(flushed[1]).toEqual(['a', 3, 2]);
  });

  it('a tiny cache evicts (and forwards) the least recently written key', () => {
    const b = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('s'), Serdes.String(), Serdes.String()).withCachingEnabled();
    const store = b.build({ changelogTopic: null, cacheMaxBytes: 40 }) as TypedKeyValueStore<string, string>;
    store.init(context([]));
    const flushed: string[] = [];
    store.bytes.setFlushListener((k) => flushed.push(k.toString()), false);
    store.put('a', 'xxxxxxxx');
    store.put('b', 'xxxxxxxx');
    expect(flushed).toEqual(['a']);
  });

  it('timestamped stores use the 8-byte timestamp prefix layout', () => {
    const log: ChangelogRecord[] = [];
    const store = Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore('t'), Serdes.String(), Serdes.String()).build({ changelogTopic: 'c', cacheMaxBytes: 0 });
    store.init(context(log));
    store.put('k', { value: 'v', timestamp: 42 });
    expect(log[0]!.value!.readBigInt64BE(0)).toBe(42n);
    expect(log[0]!.value!.subarray(8).toString()).toBe('v');
    expect(store.get('k')).toEqual({ value: 'v', timestamp: 42 });
  });
});
