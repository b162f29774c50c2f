import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Log } from './log.js';
import { batchOf, readAll, tempDir } from './test-kit.test-helper.js';
import type { SimpleRecord } from './test-kit.test-helper.js';

const recordArb = fc.record({
  key: fc.option(fc.string({ maxLength: 6 }), { nil: null }),
  value: fc.option(fc.string({ maxLength: 40 }), { nil: null }),
  timestamp: fc.integer({ min: 0, max: 1_000_000 }),
});
/** Each append: 1-3 batches of 1-5 records (producers send several batches at once). */
const appendArb = fc.array(fc.array(recordArb, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 });

const dirs = tempDir();
afterAll(() => dirs.cleanup());
let run = 0;

describe('append then read (oracle: an array of every appended record with its index as offset)', () => {
  for (const inMemory of [true, false]) {
    it(`returns exactly the oracle's suffix from any offset, across segment rolls (${inMemory ? 'memory' : 'disk'})`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(appendArb, { minLength: 1, maxLength: 12 }),
          fc.integer({ min: 100, max: 600 }),
          fc.integer({ min: 0, max: 10_000 }),
          fc.integer({ min: 1, max: 2_000 }),
          fc.boolean(),
          async (appends, segmentBytes, fromSeed, maxBytes, reopen) => {
            const dir = `${dirs.dir}/run-${run++}`;
            let log = await Log.open({ dir, inMemory, cleanerIntervalMs: 0 });
            await log.createTopic('t', { configs: { 'segment.bytes': segmentBytes, 'index.interval.bytes': 64 } });
            const oracle: SimpleRecord[] = [];
            // Concurrent appends: offsets follow call order.
            const results = await Promise.all(appends.map((batches) => log.append('t', 0, Buffer.concat(batches.map(batchOf)))));
            for (let i = 0; i < appends.length; i++) {
              const recs = appends[i]!.flat();
              expect(results[i]!.baseOffset).toBe(oracle.length);
              expect(results[i]!.lastOffset).toBe(oracle.length + recs.length - 1);
              for (const r of recs) oracle.push({ offset: oracle.length, ...r });
            }
            if (reopen && !inMemory) {
              await log.close();
              log = await Log.open({ dir, cleanerIntervalMs: 0 });
            }
            const from = fromSeed % (oracle.length + 1);
            const got = await readAll((o) => log.read('t', 0, o, { maxBytes }), from);
            expect(got).toEqual(oracle.slice(from));
            expect(log.describeTopic('t').partitions[0]!.highWatermark).toBe(oracle.length);
            // Appends continue after the reads (and after a reopen).
            const more = await log.append('t', 0, batchOf([{ key: 'z', value: 'z', timestamp: 5 }]));
            expect(more.baseOffset).toBe(oracle.length);
            await log.close();
          },
        ),
        { numRuns: inMemory ? 60 : 25 },
      );
    });
  }
});
