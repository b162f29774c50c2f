import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OffsetOutOfRangeError } from './errors/log-errors.js';
import { Log } from './log.js';
import { batchOf, readAll } from './test-kit.test-helper.js';
import type { SimpleRecord } from './test-kit.test-helper.js';

const NOW = 100_000;

describe('retention (oracle: segment list before, records array)', () => {
  it('removes only a prefix of whole eligible non-active segments; log start offset = first remaining offset', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: NOW }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: -1, max: NOW }),
        fc.integer({ min: -1, max: 3_000 }),
        fc.integer({ min: 100, max: 400 }),
        async (timestamps, retentionMs, retentionBytes, segmentBytes) => {
          const log = await Log.open({ inMemory: true, now: () => NOW, cleanerIntervalMs: 0 });
          await log.createTopic('t', { configs: { 'segment.bytes': segmentBytes } });
          const oracle: SimpleRecord[] = [];
          for (const ts of timestamps) {
            await log.append('t', 0, batchOf([{ key: 'k', value: `v${oracle.length}`, timestamp: ts }]));
            oracle.push({ offset: oracle.length, key: 'k', value: `v${oracle.length}`, timestamp: ts });
          }
          const p = log.partition('t', 0);
          const before = p.describeSegments();
          await log.alterTopicConfig('t', { 'retention.ms': retentionMs, 'retention.bytes': retentionBytes });
          const deleted = await log.enforceRetentionNow();
          const after = p.describeSegments();

          // What survives is a suffix of the old segments, unchanged, and the active one is among it.
          expect(after).toEqual(before.slice(deleted));
          expect(after[after.length - 1]!.active).toBe(true);
          // Every deleted segment was eligible (by time or by size), and the next one is not.
          let remaining = before.reduce((n, s) => n + s.sizeBytes, 0);
          const eligible = (s: (typeof before)[number]): boolean =>
            (retentionMs >= 0 && NOW - s.maxTimestamp > retentionMs) || (retentionBytes >= 0 && remaining - s.sizeBytes >= retentionBytes);
          for (const s of before.slice(0, deleted)) {
            expect(eligible(s)).toBe(true);
            remaining -= s.sizeBytes;
          }
          const next = before[deleted]!;
          if (!next.active) expect(eligible(next)).toBe(false);

          const start = after[0]!.baseOffset;
          expect(p.logStartOffset).toBe(start);
          expect(await readAll((o) => p.read(o), start)).toEqual(oracle.slice(start));
          if (start > 0) await expect(p.read(start - 1)).rejects.toBeInstanceOf(OffsetOutOfRangeError);
          await log.close();
        },
      ),
      { numRuns: 80 },
    );
  });

  it('deleteRecords moves the log start offset, deletes whole segments below it, and persists it', async () => {
    const { tempDir } = await import('./test-kit.test-helper.js');
    const tmp = tempDir();
    try {
      let log = await Log.open({ dir: tmp.dir, cleanerIntervalMs: 0 });
      await log.createTopic('t', { configs: { 'segment.bytes': 150 } });
      for (let i = 0; i < 10; i++) await log.append('t', 0, batchOf([{ key: null, value: `v${i}` }]));
      const segmentsBefore = log.partition('t', 0).describeSegments().length;
      expect(await log.deleteRecords('t', 0, 5)).toEqual({ logStartOffset: 5 });
      expect(log.partition('t', 0).describeSegments().length).toBeLessThan(segmentsBefore);
      await expect(log.read('t', 0, 4)).rejects.toMatchObject({ code: 'OFFSET_OUT_OF_RANGE' });
      await expect(log.deleteRecords('t', 0, 11)).rejects.toMatchObject({ code: 'OFFSET_OUT_OF_RANGE' });
      expect(await log.listOffset('t', 0, 'earliest')).toEqual({ offset: 5, timestamp: -1 });
      await log.close();
      log = await Log.open({ dir: tmp.dir, cleanerIntervalMs: 0 });
      expect(log.describeTopic('t').partitions[0]!.logStartOffset).toBe(5);
      const got = await readAll((o) => log.read('t', 0, o), 5);
      expect(got.map((r) => r.value)).toEqual(['v5', 'v6', 'v7', 'v8', 'v9']);
      await log.close();
    } finally {
      tmp.cleanup();
    }
  });
});
