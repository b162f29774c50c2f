import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Log } from './log.js';
import { batchOf, readAll, tempDir, waitUntil } from './test-kit.test-helper.js';
import type { SimpleRecord } from './test-kit.test-helper.js';

const dirs = tempDir();
afterAll(() => dirs.cleanup());
let run = 0;
const NOW = 10_000;

const recordArb = fc.record({
  key: fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { nil: null, freq: 8 }),
  value: fc.option(fc.string({ maxLength: 12 }), { nil: null, freq: 4 }),
  timestamp: fc.integer({ min: 0, max: NOW }),
});

describe('compaction (oracle: latest record per key, offsets unchanged, tombstones per delete.retention.ms)', () => {
  for (const inMemory of [true, false]) {
    it(`keeps exactly the latest record per key in cleanable segments (${inMemory ? 'memory' : 'disk'})`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(recordArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 15 }),
          fc.integer({ min: 0, max: NOW }),
          fc.integer({ min: 0, max: NOW }),
          fc.integer({ min: 80, max: 400 }),
          async (batches, deleteRetention, lag, segmentBytes) => {
            const dir = `${dirs.dir}/c-${run++}`;
            const log = await Log.open({ dir, inMemory, now: () => NOW, cleanerIntervalMs: 0 });
            await log.createTopic('t', {
              configs: { 'cleanup.policy': 'compact', 'segment.bytes': segmentBytes, 'delete.retention.ms': deleteRetention, 'min.compaction.lag.ms': lag },
            });
            const oracle: SimpleRecord[] = [];
            for (const recs of batches) {
              await log.append('t', 0, batchOf(recs));
              for (const r of recs) oracle.push({ offset: oracle.length, ...r });
            }
            const p = log.partition('t', 0);
            await p.roll();
            const segments = p.describeSegments();
            // Cleanable: the sealed prefix whose newest record is older than the lag.
            let cleanableEnd = segments[0]!.baseOffset;
            for (const s of segments) {
              if (s.active || (lag > 0 && NOW - s.maxTimestamp < lag)) break;
              cleanableEnd = s.nextOffset;
            }
            const lastByKey = new Map<string, number>();
            for (const r of oracle) if (r.key !== null) lastByKey.set(r.key, r.offset);
            const expected = oracle.filter(
              (r) => r.offset >= cleanableEnd || r.key === null ||
                (lastByKey.get(r.key) === r.offset && (r.value !== null || r.timestamp > NOW - deleteRetention)),
            );
            await log.compactNow('t');
            expect(await readAll((o) => p.read(o, { maxBytes: 64 }), 0)).toEqual(expected);
            // Idempotent, and appends go on at the same end offset.
            await log.compactNow('t');
            expect(await readAll((o) => p.read(o), 0)).toEqual(expected);
            expect((await log.append('t', 0, batchOf([{ key: 'a', value: 'z' }]))).baseOffset).toBe(oracle.length);
            await log.close();
            if (!inMemory) {
              const reopened = await Log.open({ dir, now: () => NOW, cleanerIntervalMs: 0 });
              const after = await readAll((o) => reopened.read('t', 0, o), 0);
              expect(after.slice(0, expected.length)).toEqual(expected);
              await reopened.close();
            }
          },
        ),
        { numRuns: inMemory ? 60 : 20 },
      );
    });
  }

  it('never touches the active segment and does not block appends', async () => {
    const log = await Log.open({ inMemory: true, cleanerIntervalMs: 0 });
    await log.createTopic('t', { configs: { 'cleanup.policy': 'compact', 'segment.bytes': 200 } });
    for (let i = 0; i < 30; i++) await log.append('t', 0, batchOf([{ key: 'k', value: `v${i}` }]));
    const before = log.partition('t', 0).describeSegments();
    const active = before[before.length - 1]!;
    const compaction = log.compactNow('t');
    const appended = await log.append('t', 0, batchOf([{ key: 'k', value: 'during' }]));
    const stats = await compaction;
    expect(appended.baseOffset).toBe(30);
    expect(stats.segmentsCleaned).toBe(before.length - 1);
    const all = await readAll((o) => log.read('t', 0, o), 0);
    // Everything from the active segment's base survives; older copies of "k" are gone.
    expect(all.map((r) => r.offset)).toEqual(Array.from({ length: 31 - active.baseOffset }, (_, i) => active.baseOffset + i));
    await log.close();
  });

  it('keeps control batches and transactional data', async () => {
    const { encodeControlBatch, encodeRecordBatch } = await import('@tributary/protocol');
    const log = await Log.open({ inMemory: true, cleanerIntervalMs: 0 });
    await log.createTopic('t', { configs: { 'cleanup.policy': 'compact' } });
    await log.append('t', 0, encodeRecordBatch([{ key: Buffer.from('k'), value: Buffer.from('tx') }], { transactional: true, producerId: 1, producerEpoch: 0, baseSequence: 0 }));
    await log.append('t', 0, encodeControlBatch('commit', { producerId: 1, producerEpoch: 0 }));
    await log.append('t', 0, batchOf([{ key: 'k', value: 'plain' }]));
    await log.partition('t', 0).roll();
    await log.compactNow();
    const all = await readAll((o) => log.read('t', 0, o), 0);
    expect(all.map((r) => r.offset)).toEqual([0, 1, 2]);
    await log.close();
  });

  it('the background cleaner compacts and applies retention on its own', async () => {
    const log = await Log.open({ inMemory: true, cleanerIntervalMs: 10 });
    await log.createTopic('c', { configs: { 'cleanup.policy': 'compact', 'segment.bytes': 150 } });
    await log.createTopic('d', { configs: { 'segment.bytes': 150, 'retention.bytes': 0 } });
    for (let i = 0; i < 10; i++) {
      await log.append('c', 0, batchOf([{ key: 'k', value: `v${i}` }]));
      await log.append('d', 0, batchOf([{ key: 'k', value: `v${i}` }]));
    }
    const active = (t: string): number => log.partition(t, 0).describeSegments().at(-1)!.baseOffset;
    await waitUntil(async () => (await readAll((o) => log.read('c', 0, o), 0)).length === 10 - active('c'));
    await waitUntil(() => log.partition('d', 0).logStartOffset === active('d'));
    await log.close();
  });
});
