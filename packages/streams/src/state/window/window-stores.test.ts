import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { windowed } from '../../dsl/windowed.js';
import { Serdes } from '../../serdes/serdes.js';
import { WindowedSerdes } from '../../serdes/windowed-serdes.js';
import type { ChangelogRecord } from '../changelog-sink.js';
import { InMemorySessionStore } from '../session/in-memory-session-store.js';
import type { StateStoreContext } from '../state-store.js';
import { InMemoryWindowStore } from './in-memory-window-store.js';

const S = Serdes.String();
const ctx = (log: ChangelogRecord[]): StateStoreContext => ({
  applicationId: 'app', partition: 3, defaultKeySerde: S as never, defaultValueSerde: S as never,
  changelogSink: { send: (r) => void log.push(r) }, currentTimestamp: () => 7,
});
const windowStore = (log: ChangelogRecord[], retentionMs = 100, retainDuplicates = false) => {
  const s = new InMemoryWindowStore<string, string>({ name: 'w', retentionMs, windowSizeMs: 10, retainDuplicates, changelogTopic: 'app-w-changelog', segmentIntervalMs: 20 }, S, S, undefined);
  s.init(ctx(log));
  return s;
};

describe('InMemoryWindowStore', () => {
  it('fetches by key and time range (inclusive), forward and backward, and all keys in time-then-key order', () => {
    const s = windowStore([]);
    s.put('b', 'b0', 0);
    s.put('a', 'a10', 10);
    s.put('a', 'a0', 0);
    s.put('a', 'a20', 20);
    expect(s.fetch('a', 10)).toBe('a10');
    expect(s.fetchRange('a', 0, 10)).toEqual([{ key: 0, value: 'a0' }, { key: 10, value: 'a10' }]);
    expect(s.backwardFetchRange('a', 0, 20).map((kv) => kv.key)).toEqual([20, 10, 0]);
    expect(s.fetchAll(0, 10).map((kv) => `${kv.key}=${kv.value}`)).toEqual(['[a@0/10]=a0', '[b@0/10]=b0', '[a@10/20]=a10']);
    expect(s.fetchKeyRange('b', 'b', 0, 100).map((kv) => kv.value)).toEqual(['b0']);
    s.put('a', null, 10);
    expect(s.fetch('a', 10)).toBeNull();
  });

  it('expires windows at or before observed - retention and drops whole segments', () => {
    const s = windowStore([], 40);
    for (let t = 0; t <= 200; t += 10) s.put('k', `v${t}`, t);
    // observed window start 200, retention 40: starts <= 160 are expired.
    expect(s.fetchRange('k', 0, 200).map((kv) => kv.key)).toEqual([170, 180, 190, 200]);
    expect(s.segmentCount()).toBeLessThanOrEqual(3);
    s.put('k', 'late', 150);
    expect(s.fetch('k', 150)).toBeNull();
  });

  it('writes Kafka\'s changelog key layout and restores an equal store', () => {
    const log: ChangelogRecord[] = [];
    const s = windowStore(log, 100, true);
    s.put('k', 'x', 5);
    s.put('k', 'y', 5);
    const r = log[0]!;
    expect([r.topic, r.partition, r.timestamp]).toEqual(['app-w-changelog', 3, 7]);
    expect(r.key.subarray(0, 1).toString()).toBe('k');
    expect(r.key.readBigInt64BE(1)).toBe(5n);
    expect(log.map((x) => x.key.readInt32BE(9))).toEqual([1, 2]);
    const restored = windowStore([], 100, true);
    for (const x of log) restored.restore(x.key, x.value);
    expect(restored.fetchRange('k', 0, 10)).toEqual(s.fetchRange('k', 0, 10));
    expect(restored.fetchRange('k', 0, 10).map((kv) => kv.value)).toEqual(['x', 'y']);
  });

  it('matches an array oracle under random puts and range fetches (oracle: filter + sort)', () => {
    const op = fc.record({ key: fc.constantFrom('a', 'b', 'c'), t: fc.integer({ min: 0, max: 300 }), v: fc.option(fc.string({ maxLength: 3 }), { nil: null }) });
    fc.assert(fc.property(fc.array(op, { maxLength: 50 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), (ops, from, to) => {
      const s = windowStore([], 60);
      const oracle = new Map<string, { key: string; t: number; v: string }>();
      let observed = Number.MIN_SAFE_INTEGER;
      for (const o of ops) {
        s.put(o.key, o.v, o.t);
        observed = Math.max(observed, o.t);
        if (o.t <= observed - 60) continue;
        if (o.v === null) oracle.delete(`${o.key}@${o.t}`);
        else oracle.set(`${o.key}@${o.t}`, { key: o.key, t: o.t, v: o.v });
      }
      const expected = [...oracle.values()].filter((e) => e.t >= from && e.t <= to && e.t > observed - 60)
        .sort((x, y) => x.t - y.t || (x.key < y.key ? -1 : 1)).map((e) => `[${e.key}@${e.t}/${e.t + 10}]=${e.v}`);
      expect(s.fetchAll(from, to).map((kv) => `${kv.key}=${kv.value}`)).toEqual(expected);
    }), { numRuns: 150, seed: 5 });
  });
});

describe('InMemorySessionStore', () => {
  it('finds overlapping sessions, removes, logs <key><end><start>, and restores', () => {
    const log: ChangelogRecord[] = [];
    const s = new InMemorySessionStore<string, string>({ name: 's', retentionMs: 100, changelogTopic: 'app-s-changelog' }, S, S);
    s.init(ctx(log));
    s.put(windowed('k', 0, 5), 'a');
    s.put(windowed('k', 10, 12), 'b');
    s.put(windowed('j', 3, 4), 'c');
    expect(s.findSessions('k', 4, 11).map((kv) => `${kv.key}=${kv.value}`)).toEqual(['[k@0/5]=a', '[k@10/12]=b']);
    expect(s.findSessions('k', 6, 9)).toEqual([]);
    expect(s.all().map((kv) => String(kv.key))).toEqual(['[j@3/4]', '[k@0/5]', '[k@10/12]']);
    expect(s.backwardFetch('k').map((kv) => kv.value)).toEqual(['b', 'a']);
    s.remove(windowed('k', 0, 5));
    expect(s.fetchSession('k', 0, 5)).toBeNull();
    const k0 = log[0]!.key;
    expect([k0.subarray(0, 1).toString(), k0.readBigInt64BE(1), k0.readBigInt64BE(9)]).toEqual(['k', 5n, 0n]);
    const r = new InMemorySessionStore<string, string>({ name: 's', retentionMs: 100, changelogTopic: null }, S, S);
    r.init(ctx([]));
    for (const x of log) r.restore(x.key, x.value);
    expect(r.all()).toEqual(s.all());
  });
});

describe('windowed serdes', () => {
  it('use Kafka\'s byte layouts', () => {
    const tw = WindowedSerdes.timeWindowedSerdeFrom(S, 10);
    const b = tw.serialize('t', windowed('k', 20, 30))!;
    expect(b.length).toBe(9);
    expect(b.readBigInt64BE(1)).toBe(20n);
    expect(String(tw.deserialize('t', b))).toBe('[k@20/30]');
    const sw = WindowedSerdes.sessionWindowedSerdeFrom(S);
    const c = sw.serialize('t', windowed('k', 3, 8))!;
    expect([c.readBigInt64BE(1), c.readBigInt64BE(9)]).toEqual([8n, 3n]);
    expect(String(sw.deserialize('t', c))).toBe('[k@3/8]');
  });
});
