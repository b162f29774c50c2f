import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryBytesStore } from './in-memory-bytes-store.js';

describe('InMemoryBytesStore', () => {
  it('ranges are inclusive and in unsigned byte order', () => {
    const s = new InMemoryBytesStore('s');
    s.init();
    for (const k of [[0xff], [0x01], [0x80], [0x01, 0x00]]) s.put(Buffer.from(k), Buffer.from('v'));
    expect(s.range(null, null, false).map((kv) => [...kv.key])).toEqual([[0x01], [0x01, 0x00], [0x80], [0xff]]);
    expect(s.range(Buffer.from([0x01, 0x00]), Buffer.from([0x80]), true).map((kv) => [...kv.key])).toEqual([[0x80], [0x01, 0x00]]);
    s.put(Buffer.from([0x80]), null);
    expect(s.approximateNumEntries()).toBe(3);
  });

  it('matches a sorted Map oracle under random puts, deletes and ranges', () => {
    const key = fc.uint8Array({ maxLength: 3 }).map((a) => Buffer.from(a));
    const op = fc.oneof(
      fc.record({ t: fc.constant('put' as const), k: key, v: fc.option(fc.uint8Array({ maxLength: 3 }).map((a) => Buffer.from(a)), { nil: null }) }),
      fc.record({ t: fc.constant('range' as const), k: key, to: key }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const s = new InMemoryBytesStore('s');
        const oracle = new Map<string, Buffer>();
        for (const o of ops) {
          if (o.t === 'put') {
            s.put(o.k, o.v);
            if (o.v === null) oracle.delete(o.k.toString('hex'));
            else oracle.set(o.k.toString('hex'), o.v);
          } else {
            const expected = [...oracle.entries()]
              .map(([k, v]) => ({ key: Buffer.from(k, 'hex'), value: v }))
              .filter((kv) => Buffer.compare(kv.key, o.k) >= 0 && Buffer.compare(kv.key, o.to) <= 0)
              .sort((a, b) => Buffer.compare(a.key, b.key));
            expect(s.range(o.k, o.to, false)).toEqual(expected);
          }
        }
        expect(s.approximateNumEntries()).toBe(oracle.size);
      }),
      { numRuns: 150 },
    );
  });
});
