import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChangelogRecord } from '../changelog-sink.js';
import { S, storeContext, tempDirs } from './store-test-fixtures.test-helper.js';
import type { KeyValue } from '../key-value.js';
import { InMemoryWindowStore, type WindowStoreOptions } from '../window/in-memory-window-store.js';
import type { Windowed } from '../../dsl/windowed.js';
import { PersistentWindowStore } from './persistent-window-store.js';

const tempDir = tempDirs('tributary-pws');
const ctx = storeContext;
const options = (retainDuplicates: boolean): WindowStoreOptions => ({
  name: 'w',
  retentionMs: 100,
  windowSizeMs: 10,
  retainDuplicates,
  changelogTopic: 'app-w-changelog',
  segmentIntervalMs: 20,
});
async function openPersistent(dir: string, retainDuplicates: boolean, log: ChangelogRecord[]): Promise<PersistentWindowStore<string, string>> {
  const s = new PersistentWindowStore<string, string>(options(retainDuplicates), dir, S, S, undefined);
  await s.openDisk();
  s.init(ctx(log));
  return s;
}
const show = (rows: KeyValue<Windowed<string>, string>[]): string[] => rows.map((r) => `${r.key.key}@${r.key.window.start}=${r.value}`);
const showT = (rows: KeyValue<number, string>[]): string[] => rows.map((r) => `${r.key}=${r.value}`);
const showLog = (rows: ChangelogRecord[]): string[] => rows.map((r) => `${r.key.toString('hex')}=${r.value?.toString() ?? 'null'}`);

/** Every read of the window store interface, over a small key and time space. */
function snapshot(s: InMemoryWindowStore<string, string>): unknown {
  const keys = ['a', 'ab', 'b', 'c'];
  const out: Record<string, unknown> = {
    all: show(s.all()),
    backwardAll: show(s.backwardAll()),
    fetchAll: show(s.fetchAll(40, 260)),
    backwardFetchAll: show(s.backwardFetchAll(0, 180)),
    keyRange: show(s.fetchKeyRange('a', 'b', 0, 400)),
    backwardKeyRange: show(s.backwardFetchKeyRange('ab', null, 50, 300)),
    openRange: show(s.fetchKeyRange(null, 'ab', 0, 400)),
    includingExpired: show(s.fetchAllIncludingExpired(0, 400)),
    entries: s.approximateNumEntries(),
  };
  for (const k of keys) {
    out[`range-${k}`] = showT(s.fetchRange(k, 0, 400));
    out[`back-${k}`] = showT(s.backwardFetchRange(k, 30, 250));
    for (let t = 0; t <= 400; t += 10) {
      const v = s.fetch(k, t);
      if (v !== null) out[`fetch-${k}-${t}`] = v;
    }
  }
  return out;
}

type Op =
  | { kind: 'put'; key: string; start: number; value: string | null }
  | { kind: 'commit' | 'reopen' | 'crash' };

const opArb = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('put' as const), key: fc.constantFrom('a', 'ab', 'b', 'c'), start: fc.integer({ min: 0, max: 40 }).map((n) => n * 10), value: fc.option(fc.constantFrom('x', 'y', 'z'), { freq: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('commit' as const, 'reopen' as const, 'crash' as const) }) },
);

describe('PersistentWindowStore', () => {
  for (const retainDuplicates of [false, true]) {
    it(`property (oracle: InMemoryWindowStore, retainDuplicates=${retainDuplicates}): same reads and changelog across puts, retention, commits, reopen and crash + changelog-tail restore`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb as fc.Arbitrary<Op>, { maxLength: 50 }), async (ops) => {
          const dir = tempDir();
          const log: ChangelogRecord[] = [];
          const oracleLog: ChangelogRecord[] = [];
          const oracle = new InMemoryWindowStore<string, string>(options(retainDuplicates), S, S, undefined);
          oracle.init(ctx(oracleLog));
          let s = await openPersistent(dir, retainDuplicates, log);
          let committed = 0; // changelog records the disk is known to hold
          for (const op of ops) {
            if (op.kind === 'put') {
              s.put(op.key, op.value, op.start);
              oracle.put(op.key, op.value, op.start);
            } else if (op.kind === 'commit') {
              s.flush();
              committed = log.length;
              await s.flushed();
            } else if (op.kind === 'reopen') {
              await s.closeDisk();
              committed = log.length;
              s = await openPersistent(dir, retainDuplicates, log);
              expect(snapshot(s)).toEqual(snapshot(oracle));
            } else {
              // A crash loses unpersisted writes; recovery replays the changelog after the last commit.
              await s.abandonDisk();
              s = await openPersistent(dir, retainDuplicates, log);
              for (const r of log.slice(committed)) s.restore(r.key, r.value);
            }
          }
          expect(snapshot(s)).toEqual(snapshot(oracle));
          expect(showLog(log)).toEqual(showLog(oracleLog));
          await s.closeDisk();
        }),
        { numRuns: 20 },
      );
    }, 60_000);
  }

  it('reopens from disk with equal contents; an expired segment is deleted as a directory at persist', async () => {
    const dir = tempDir();
    const log: ChangelogRecord[] = [];
    const s = await openPersistent(dir, false, log);
    for (let t = 0; t <= 100; t += 10) s.put(`k${t % 3}`, `v${t}`, t);
    s.flush();
    await s.flushed();
    const segmentDirs = (): string[] => readdirSync(dir).filter((d) => d.startsWith('w.')).sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)));
    expect(segmentDirs()).toEqual(['w.0', 'w.20', 'w.40', 'w.60', 'w.80', 'w.100']);
    const before = show(s.all());
    await s.closeDisk();

    const r = await openPersistent(dir, false, log);
    expect(show(r.all())).toEqual(before);
    expect(r.fetchRange('k1', 0, 100).map((kv) => kv.key)).toEqual([10, 40, 70, 100]);
    // observed 160, retention 100: starts <= 60 expire, so segments [0,20), [20,40), [40,60) go.
    r.put('k0', 'late', 160);
    expect(r.fetch('k0', 60)).toBeNull();
    expect(segmentDirs()).toContain('w.0'); // not before the next persist
    r.flush();
    await r.flushed();
    expect(segmentDirs()).toEqual(['w.60', 'w.80', 'w.100', 'w.160']);
    await r.closeDisk();

    const t = await openPersistent(dir, false, log);
    expect(t.fetch('k0', 60)).toBeNull(); // the observed time came back from disk
    expect(show(t.all())).toEqual(['k1@70=v70', 'k2@80=v80', 'k0@90=v90', 'k1@100=v100', 'k0@160=late']);
    await t.closeDisk();
  });

  it('refuses init before openDisk', () => {
    const s = new PersistentWindowStore<string, string>(options(false), tempDir(), S, S, undefined);
    expect(() => s.init(ctx([]))).toThrow(/openDisk/);
  });
});
