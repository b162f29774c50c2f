import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { windowed, type Windowed } from '../../dsl/windowed.js';
import type { ChangelogRecord } from '../changelog-sink.js';
import { S, storeContext, tempDirs } from './store-test-fixtures.test-helper.js';
import type { KeyValue } from '../key-value.js';
import { InMemorySessionStore, type SessionStoreOptions } from '../session/in-memory-session-store.js';
import { defaultSegmentInterval } from '../window/segments.js';
import { PersistentSessionStore } from './persistent-session-store.js';

const tempDir = tempDirs('tributary-pss');
const ctx = storeContext;
const RETENTION = 60;
const options: SessionStoreOptions = { name: 's', retentionMs: RETENTION, changelogTopic: 'app-s-changelog' };
async function openPersistent(dir: string, log: ChangelogRecord[]): Promise<PersistentSessionStore<string, string>> {
  // The in-memory oracle's segment interval, so reads that include expired sessions agree too.
  const s = new PersistentSessionStore<string, string>(options, dir, S, S, defaultSegmentInterval(RETENTION));
  await s.openDisk();
  s.init(ctx(log));
  return s;
}
const show = (rows: KeyValue<Windowed<string>, string>[]): string[] => rows.map((r) => `${r.key.key}@${r.key.window.start}-${r.key.window.end}=${r.value}`);
const showLog = (rows: ChangelogRecord[]): string[] => rows.map((r) => `${r.key.toString('hex')}=${r.value?.toString() ?? 'null'}`);

function snapshot(s: InMemorySessionStore<string, string>): unknown {
  const out: Record<string, unknown> = {
    all: show(s.all()),
    keyRange: show(s.findSessionsKeyRange('a', 'b', 20, 150)),
    openKeyRange: show(s.findSessionsKeyRange(null, 'ab', 0, 400)),
    includingExpired: show(s.findAllSessionsIncludingExpired(0)),
  };
  for (const k of ['a', 'ab', 'b']) {
    out[`fetch-${k}`] = show(s.fetch(k));
    out[`back-${k}`] = show(s.backwardFetch(k));
    out[`find-${k}`] = show(s.findSessions(k, 30, 120));
    out[`backFind-${k}`] = show(s.backwardFindSessions(k, 0, 200));
    for (let start = 0; start <= 200; start += 10) {
      for (const len of [0, 10, 20]) {
        const v = s.fetchSession(k, start, start + len);
        if (v !== null) out[`session-${k}-${start}-${len}`] = v;
      }
    }
  }
  return out;
}

type Op = { kind: 'put'; key: string; start: number; len: number; value: string | null } | { kind: 'commit' | 'reopen' | 'crash' };
const opArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('put' as const),
      key: fc.constantFrom('a', 'ab', 'b'),
      start: fc.integer({ min: 0, max: 20 }).map((n) => n * 10),
      len: fc.constantFrom(0, 10, 20),
      value: fc.option(fc.constantFrom('x', 'y'), { freq: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('commit' as const, 'reopen' as const, 'crash' as const) }) },
);

describe('PersistentSessionStore', () => {
  it('property (oracle: InMemorySessionStore): same reads and changelog across puts, removes, retention, commits, reopen and crash + changelog-tail restore', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb as fc.Arbitrary<Op>, { maxLength: 50 }), async (ops) => {
        const dir = tempDir();
        const log: ChangelogRecord[] = [];
        const oracleLog: ChangelogRecord[] = [];
        const oracle = new InMemorySessionStore<string, string>(options, S, S);
        oracle.init(ctx(oracleLog));
        let s = await openPersistent(dir, log);
        let committed = 0;
        for (const op of ops) {
          if (op.kind === 'put') {
            const session = windowed(op.key, op.start, op.start + op.len);
            s.put(session, op.value);
            oracle.put(session, op.value);
          } else if (op.kind === 'commit') {
            s.flush();
            committed = log.length;
            await s.flushed();
          } else if (op.kind === 'reopen') {
            await s.closeDisk();
            committed = log.length;
            s = await openPersistent(dir, log);
            expect(snapshot(s)).toEqual(snapshot(oracle));
          } else {
            await s.abandonDisk();
            s = await openPersistent(dir, log);
            for (const r of log.slice(committed)) s.restore(r.key, r.value);
          }
        }
        expect(snapshot(s)).toEqual(snapshot(oracle));
        expect(showLog(log)).toEqual(showLog(oracleLog));
        await s.closeDisk();
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('reopens from disk with equal contents', async () => {
    const dir = tempDir();
    const s = await openPersistent(dir, []);
    s.put(windowed('a', 0, 10), '1');
    s.put(windowed('b', 5, 30), '2');
    s.put(windowed('a', 40, 50), '3');
    s.remove(windowed('a', 0, 10));
    const before = show(s.all());
    await s.closeDisk();
    const r = await openPersistent(dir, []);
    expect(show(r.all())).toEqual(before);
    expect(before).toEqual(['b@5-30=2', 'a@40-50=3']);
    await r.closeDisk();
  });
});
