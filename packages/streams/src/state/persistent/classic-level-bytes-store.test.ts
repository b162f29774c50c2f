import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryBytesStore } from '../in-memory-bytes-store.js';
import { ClassicLevelBytesStore } from './classic-level-bytes-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const location = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'tributary-cl-'));
  dirs.push(d);
  return join(d, 'store');
};
const b = (s: string): Buffer => Buffer.from(s);
const dump = (rows: { key: Buffer; value: Buffer }[]): string[] => rows.map((r) => `${r.key}=${r.value}`);

describe('ClassicLevelBytesStore (bounded memory)', () => {
  it('persists only at persist(); reads come from disk (getSync) after a reopen; abandon drops unpersisted writes', async () => {
    const loc = location();
    const s = new ClassicLevelBytesStore('s', loc);
    await s.open();
    s.put(b('a'), b('1'));
    s.put(b('b'), b('2'));
    s.flush(); // sealed, not yet on disk
    s.put(b('c'), b('3'));
    expect(s.get(b('a'))?.toString()).toBe('1');
    await s.abandon();

    const t = new ClassicLevelBytesStore('s', loc);
    await t.open();
    expect(t.approximateNumEntries()).toBe(0);
    t.put(b('a'), b('1'));
    t.put(b('b'), b('2'));
    t.flush();
    await t.flushed();
    t.put(b('b'), null);
    t.close();
    await t.flushed();

    const u = new ClassicLevelBytesStore('s', loc);
    await u.open();
    expect(u.get(b('a'))?.toString()).toBe('1');
    expect(u.get(b('b'))).toBeNull();
    expect(dump(u.range(null, null, false))).toEqual(['a=1']);
    u.close();
    await u.flushed();
  });

  it('property (oracle: InMemoryBytesStore): get and range agree across flush, persist and reopen', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('put' as const), key: fc.integer({ min: 0, max: 20 }), value: fc.option(fc.integer({ min: 0, max: 9 })) }),
      fc.record({ kind: fc.constantFrom('flush' as const, 'persist' as const, 'reopen' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), async (ops, lo, hi) => {
        const loc = location();
        let s = new ClassicLevelBytesStore('s', loc);
        await s.open();
        const oracle = new InMemoryBytesStore('o');
        const k = (n: number): Buffer => b(`k${String(n).padStart(2, '0')}`);
        for (const o of ops) {
          if (o.kind === 'put') {
            const v = o.value === null ? null : b(String(o.value));
            s.put(k(o.key), v);
            oracle.put(k(o.key), v);
          } else if (o.kind === 'flush') s.flush();
          else if (o.kind === 'persist') await s.flushed();
          else {
            s.close();
            await s.flushed();
            s = new ClassicLevelBytesStore('s', loc);
            await s.open();
          }
        }
        for (let i = 0; i <= 20; i++) expect(s.get(k(i))?.toString() ?? null).toBe(oracle.get(k(i))?.toString() ?? null);
        const [from, to] = lo <= hi ? [k(lo), k(hi)] : [k(hi), k(lo)];
        expect(dump(s.range(from, to, false))).toEqual(dump(oracle.range(from, to, false)));
        expect(dump(s.range(null, null, true))).toEqual(dump(oracle.range(null, null, true)));
        expect(s.approximateNumEntries()).toBe(oracle.approximateNumEntries());
        s.close();
        await s.flushed();
      }),
      { numRuns: 25 },
    );
  });
});
