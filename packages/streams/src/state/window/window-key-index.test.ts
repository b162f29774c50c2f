import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WindowKeyIndex } from './window-key-index.js';
import { writeOrderedTime } from './window-key-schema.js';

function engineKey(key: Buffer, ts: number, seq: number): Buffer {
  const out = Buffer.allocUnsafe(key.length + 12);
  writeOrderedTime(out, ts, 0);
  key.copy(out, 8);
  out.writeInt32BE(seq, key.length + 8);
  return out;
}

const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), key: fc.integer({ min: 0, max: 3 }), ts: fc.integer({ min: 0, max: 50 }), seq: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('remove' as const), key: fc.integer({ min: 0, max: 3 }), ts: fc.integer({ min: 0, max: 50 }), seq: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('prune' as const), upTo: fc.integer({ min: -1, max: 50 }) }),
);

describe('WindowKeyIndex', () => {
  it('fetch equals a brute-force filter over a set of (key, ts, seq) (oracle: sorted array)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), (ops, key, a, b) => {
        const index = new WindowKeyIndex();
        const oracle = new Map<string, { key: number; ts: number; seq: number }>();
        for (const o of ops) {
          if (o.kind === 'prune') {
            index.pruneUpTo(o.upTo);
            for (const [id, e] of oracle) if (e.ts <= o.upTo) oracle.delete(id);
            continue;
          }
          const kb = Buffer.from(`k${o.key}`);
          const id = `${o.key}/${o.ts}/${o.seq}`;
          if (o.kind === 'add') {
            index.add(kb, o.ts, engineKey(kb, o.ts, o.seq));
            oracle.set(id, { key: o.key, ts: o.ts, seq: o.seq });
          } else {
            index.remove(kb, engineKey(kb, o.ts, o.seq));
            oracle.delete(id);
          }
        }
        const [from, to] = a <= b ? [a, b] : [b, a];
        const want = [...oracle.values()]
          .filter((e) => e.key === key && e.ts >= from && e.ts <= to)
          .sort((x, y) => x.ts - y.ts || x.seq - y.seq)
          .map((e) => `${e.ts}/${e.seq}`);
        const got = index.fetch(Buffer.from(`k${key}`), from, to).map((w) => `${w.windowStart}/${w.engineKey.readInt32BE(w.engineKey.length - 4)}`);
        expect(got).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});
