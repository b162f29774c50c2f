import { describe, expect, it } from 'vitest';
import { Serdes } from '../../serdes/serdes.js';
import type { ChangelogRecord } from '../changelog-sink.js';
import type { StateStoreContext } from '../state-store.js';
import { OuterJoinStore } from './outer-join-store.js';
import { InMemorySuppressionBuffer, type BufferedUpdate } from './suppression-buffer.js';

const S = Serdes.String();
const ctx = (log: ChangelogRecord[]): StateStoreContext => ({
  applicationId: 'app', partition: 0, defaultKeySerde: S as never, defaultValueSerde: S as never,
  changelogSink: { send: (r) => void log.push(r) }, currentTimestamp: () => 7,
});

describe('restoring before init (the runtime restores before a task initializes its stores)', () => {
  it('a suppression buffer restored from its changelog before init holds exactly the unevicted updates', () => {
    const log: ChangelogRecord[] = [];
    // Serdes come from the task defaults (none given here), so they exist only after init.
    const live = new InMemorySuppressionBuffer<string, string>('sup', undefined, undefined, 'app-sup-changelog');
    live.init(ctx(log));
    live.put(30, 'b', 'b1', null, 25);
    live.put(10, 'a', 'a1', null, 5);
    live.put(10, 'a', 'a2', 'a1', 6);
    live.put(20, 'c', 'c1', 'c0', 15);
    const evicted: string[] = [];
    live.evictWhile(() => live.minTimestamp() <= 10, (e) => evicted.push(e.key));
    expect(evicted).toEqual(['a']);

    const restored = new InMemorySuppressionBuffer<string, string>('sup', undefined, undefined, 'app-sup-changelog');
    for (const r of log) restored.restore(r.key, r.value);
    restored.init(ctx([]));
    const drain = (b: InMemorySuppressionBuffer<string, string>): Omit<BufferedUpdate<string, string>, 'keyBytes'>[] => {
      const out: Omit<BufferedUpdate<string, string>, 'keyBytes'>[] = [];
      b.evictWhile(() => true, ({ keyBytes: _k, ...rest }) => out.push(rest));
      return out;
    };
    expect(restored.numRecords()).toBe(2);
    expect(restored.bufferSize()).toBe(live.bufferSize());
    expect(drain(restored)).toEqual(drain(live));
  });

  it('an outer-join store restored before init equals the live store', () => {
    const log: ChangelogRecord[] = [];
    const live = new OuterJoinStore<string>('oj', { key: undefined, left: undefined, right: undefined }, 'app-oj-changelog');
    live.init(ctx(log));
    live.add(5, true, 'k', 'l1');
    live.add(5, true, 'k', 'l2');
    live.add(3, false, 'j', 'r1');
    live.add(9, true, 'm', 'l3');
    live.remove(9, true, 'm');
    const restored = new OuterJoinStore<string>('oj', { key: undefined, left: undefined, right: undefined }, 'app-oj-changelog');
    for (const r of log) restored.restore(r.key, r.value);
    restored.init(ctx([]));
    const entries = (s: OuterJoinStore<string>): unknown[] => {
      const out: unknown[] = [];
      s.scan((e) => (out.push({ ...e, values: [...e.values] }), 'skip'));
      return out;
    };
    expect(restored.size()).toBe(2);
    expect(entries(restored)).toEqual(entries(live));
  });
});
