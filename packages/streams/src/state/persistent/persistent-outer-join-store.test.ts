import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChangelogRecord } from '../changelog-sink.js';
import { S, storeContext, tempDirs } from './store-test-fixtures.test-helper.js';
import { OuterJoinStore, OuterJoinStoreBuilder, type OuterJoinBuffer, type OuterJoinEntry } from '../window/outer-join-store.js';
import { PersistentOuterJoinStore } from './persistent-outer-join-store.js';

const tempDir = tempDirs('tributary-poj');
const ctx = storeContext;
const serdes = { key: S, left: S as never, right: S as never };

type Op =
  | { op: 'add'; ts: number; isLeft: boolean; key: string; value: string }
  | { op: 'remove'; ts: number; isLeft: boolean; key: string }
  | { op: 'scan'; until: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), ts: fc.integer({ min: 0, max: 20 }), isLeft: fc.boolean(), key: fc.constantFrom('a', 'b', 'c'), value: fc.string({ maxLength: 3 }) }),
  fc.record({ op: fc.constant('remove' as const), ts: fc.integer({ min: 0, max: 20 }), isLeft: fc.boolean(), key: fc.constantFrom('a', 'b', 'c') }),
  fc.record({ op: fc.constant('scan' as const), until: fc.integer({ min: 0, max: 20 }) }),
);

// The in-memory store's entries carry an internal sort key: compare the public fields only.
const plain = (e: OuterJoinEntry<string>): OuterJoinEntry<string> => ({ timestamp: e.timestamp, isLeft: e.isLeft, key: e.key, values: [...e.values] });

/** Applies an op; a scan emits (removes) entries older than `until` and stops at the first newer one, as the join does. */
function apply(s: OuterJoinBuffer<string>, o: Op): OuterJoinEntry<string>[] {
  if (o.op === 'add') s.add(o.ts, o.isLeft, o.key, o.value);
  else if (o.op === 'remove') s.remove(o.ts, o.isLeft, o.key);
  else {
    const out: OuterJoinEntry<string>[] = [];
    s.scan((e) => {
      if (e.timestamp >= o.until) return 'stop';
      out.push(plain(e));
      return 'emit';
    });
    return out;
  }
  return [];
}

const entries = (s: OuterJoinBuffer<string>): OuterJoinEntry<string>[] => {
  const out: OuterJoinEntry<string>[] = [];
  s.scan((e) => (out.push(plain(e)), 'skip'));
  return out;
};

async function openPersistent(dir: string, log: ChangelogRecord[]): Promise<PersistentOuterJoinStore<string>> {
  const s = new PersistentOuterJoinStore<string>('oj', serdes, 'app-oj-changelog', dir);
  await s.openDisk();
  s.init(ctx(log));
  return s;
}

describe('PersistentOuterJoinStore', () => {
  it('property (oracle: the in-memory OuterJoinStore): same scans, entries and changelog; reopened from disk it holds the same entries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        const memLog: ChangelogRecord[] = [];
        const mem = new OuterJoinStore<string>('oj', serdes, 'app-oj-changelog');
        mem.init(ctx(memLog));
        const dir = tempDir();
        const diskLog: ChangelogRecord[] = [];
        const disk = await openPersistent(dir, diskLog);
        for (const o of ops) expect(apply(disk, o)).toEqual(apply(mem, o));
        expect(entries(disk)).toEqual(entries(mem));
        expect(disk.size()).toBe(mem.size());
        expect(diskLog.map((r) => [r.key.toString('hex'), r.value?.toString('hex') ?? null])).toEqual(memLog.map((r) => [r.key.toString('hex'), r.value?.toString('hex') ?? null]));
        await disk.closeDisk();

        const reopened = await openPersistent(dir, []);
        expect(entries(reopened)).toEqual(entries(mem));
        await reopened.closeDisk();

        // Restoring the changelog into an empty store gives the same entries too.
        const restoredDir = tempDir();
        const restored = new PersistentOuterJoinStore<string>('oj', serdes, 'app-oj-changelog', restoredDir);
        await restored.openDisk();
        for (const r of diskLog) restored.restore(r.key, r.value);
        restored.init(ctx([]));
        expect(entries(restored)).toEqual(entries(mem));
        await restored.closeDisk();
      }),
      { numRuns: 25, seed: 31 },
    );
  });

  it('the builder follows the this-side supplier, else defaultDslStore', () => {
    const persistentOf = (b: OuterJoinStoreBuilder<string>, d: 'in_memory' | 'persistent'): boolean => b.isPersistent(d);
    expect(persistentOf(new OuterJoinStoreBuilder('o', serdes), 'persistent')).toBe(true);
    expect(persistentOf(new OuterJoinStoreBuilder('o', serdes), 'in_memory')).toBe(false);
    expect(persistentOf(new OuterJoinStoreBuilder('o', serdes, false), 'persistent')).toBe(false);
    expect(persistentOf(new OuterJoinStoreBuilder('o', serdes, true), 'in_memory')).toBe(true);
    expect(new OuterJoinStoreBuilder('o', serdes).build({ changelogTopic: null, cacheMaxBytes: 0 })).toBeInstanceOf(OuterJoinStore);
    expect(new OuterJoinStoreBuilder('o', serdes).build({ changelogTopic: null, cacheMaxBytes: 0, directory: tempDir(), defaultDslStore: 'persistent' })).toBeInstanceOf(PersistentOuterJoinStore);
  });
});
