import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TopicRecords } from '../producer/producer.js';
import { chunkSend } from './send-chunks.js';

const rec = (bytes: number) => ({ key: null, value: Buffer.alloc(bytes) });

describe('chunkSend', () => {
  it('keeps a send that fits as it is (same array, no copies)', () => {
    const batches: TopicRecords[] = [{ topic: 'a', records: [rec(10), rec(10)] }];
    expect(chunkSend(batches, 1_000)[0]).toBe(batches);
  });

  it('property (oracle: the flattened input): chunks concatenate to the send, in order, each within the bound unless one record', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ topic: fc.constantFrom('a', 'b', 'c'), sizes: fc.array(fc.nat(500), { maxLength: 20 }) }), { maxLength: 5 }),
        fc.integer({ min: 30, max: 2_000 }),
        (spec, maxBytes) => {
          const batches: TopicRecords[] = spec.map((s) => ({ topic: s.topic, records: s.sizes.map(rec) }));
          const chunks = chunkSend(batches, maxBytes);
          const flat = (bs: readonly TopicRecords[]) => bs.flatMap((b) => b.records.map((r) => [b.topic, r] as const));
          expect(chunks.flatMap(flat)).toEqual(flat(batches));
          for (const chunk of chunks) {
            const records = flat(chunk);
            const bytes = records.reduce((n, [, r]) => n + 24 + (r.value?.length ?? 0), 0);
            if (records.length > 1) expect(bytes).toBeLessThanOrEqual(maxBytes);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
