import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeRecordBatch } from './record-batch-decoder.js';
import { encodeRecordBatch } from './record-batch-encoder.js';
import type { RecordInput } from './record-types.js';

// kafkajs 2.2.4's own record-batch encoder/decoder, used as an independent implementation.
const require = createRequire(import.meta.url);
const kjs = (path: string): unknown => require(`kafkajs/src/${path}`);

interface KLong {
  toString(): string;
}
interface KEncoder {
  buffer: Buffer;
}
interface KRecord {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | null>;
}
interface KBatch {
  firstOffset: string;
  firstTimestamp: string;
  maxTimestamp: string;
  producerId: string;
  producerEpoch: number;
  firstSequence: number;
  partitionLeaderEpoch: number;
  lastOffsetDelta: number;
  inTransaction: boolean;
  records: KRecord[];
}

const Long = kjs('utils/long') as { fromNumber(n: number): KLong };
const { RecordBatch } = kjs('protocol/recordBatch/v0') as { RecordBatch(o: object): Promise<KEncoder> };
const KafkaRecord = kjs('protocol/recordBatch/record/v0') as (o: object) => KEncoder;
const decodeKafkajsBatch = kjs('protocol/recordBatch/v0/decoder') as (d: unknown) => Promise<KBatch>;
const KDecoder = kjs('protocol/decoder') as new (b: Buffer) => unknown;

const bytes = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a));
// kafkajs folds headers into a plain object: keys are unique here and prefixed so that none
// collides with Object.prototype members ("valueOf"), which kafkajs mishandles.
const recordArb = fc.record({
  key: fc.option(bytes),
  value: fc.option(bytes),
  timestamp: fc.integer({ min: 1_500_000_000_000, max: 1_900_000_000_000 }),
  headers: fc
    .uniqueArray(fc.string({ unit: 'grapheme', maxLength: 8 }).map((k) => `h-${k}`), { maxLength: 4 })
    .chain((keys) => fc.tuple(...keys.map((k) => bytes.map((value) => ({ key: k, value }))))),
});
const batchArb = fc.record({
  records: fc.array(recordArb, { minLength: 1, maxLength: 12 }),
  compression: fc.constantFrom('none' as const, 'gzip' as const),
  baseOffset: fc.nat({ max: 2 ** 40 }),
  producerId: fc.integer({ min: -1, max: 2 ** 40 }),
  producerEpoch: fc.integer({ min: 0, max: 32767 }),
  baseSequence: fc.nat(),
  partitionLeaderEpoch: fc.nat(),
  transactional: fc.boolean(),
});

const headersObject = (r: RecordInput): Record<string, Buffer | null> =>
  Object.fromEntries((r.headers ?? []).map((h) => [h.key, h.value]));

describe('cross-check with kafkajs 2.2.4', () => {
  it('batches kafkajs encodes decode identically with ours (oracle: kafkajs encoder inputs)', async () => {
    await fc.assert(
      fc.asyncProperty(batchArb, async (b) => {
        const first = b.records[0]!.timestamp;
        const kafkajsBytes = (
          await RecordBatch({
            compression: b.compression === 'gzip' ? 1 : 0,
            firstOffset: Long.fromNumber(b.baseOffset),
            firstTimestamp: first,
            maxTimestamp: Math.max(...b.records.map((r) => r.timestamp)),
            partitionLeaderEpoch: b.partitionLeaderEpoch,
            lastOffsetDelta: b.records.length - 1,
            transactional: b.transactional,
            producerId: Long.fromNumber(b.producerId),
            producerEpoch: b.producerEpoch,
            firstSequence: b.baseSequence,
            records: b.records.map((r, i) =>
              KafkaRecord({ offsetDelta: i, timestampDelta: r.timestamp - first, key: r.key, value: r.value, headers: headersObject(r) }),
            ),
          })
        ).buffer;
        const ours = decodeRecordBatch(kafkajsBytes);
        expect(ours.header).toMatchObject({
          baseOffset: b.baseOffset,
          partitionLeaderEpoch: b.partitionLeaderEpoch,
          magic: 2,
          attributes: (b.compression === 'gzip' ? 1 : 0) | (b.transactional ? 0x10 : 0),
          lastOffsetDelta: b.records.length - 1,
          baseTimestamp: first,
          producerId: b.producerId,
          producerEpoch: b.producerEpoch,
          baseSequence: b.baseSequence,
          recordCount: b.records.length,
        });
        expect(ours.records).toEqual(
          b.records.map((r, i) => ({ offset: b.baseOffset + i, timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers })),
        );
        if (b.compression === 'none') {
          // Same inputs, same bytes: the two encoders agree byte for byte.
          const mine = encodeRecordBatch(b.records, { ...b, producerEpoch: b.producerEpoch, compression: 'none' });
          expect(mine.toString('hex')).toBe(kafkajsBytes.toString('hex'));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('batches we encode decode identically with kafkajs (oracle: our encoder inputs)', async () => {
    await fc.assert(
      fc.asyncProperty(batchArb, async (b) => {
        const buf = encodeRecordBatch(b.records, b);
        const k = await decodeKafkajsBatch(new KDecoder(buf));
        expect(k).toMatchObject({
          firstOffset: String(b.baseOffset),
          firstTimestamp: String(b.records[0]!.timestamp),
          maxTimestamp: String(Math.max(...b.records.map((r) => r.timestamp))),
          producerId: String(b.producerId),
          producerEpoch: b.producerEpoch,
          firstSequence: b.baseSequence,
          partitionLeaderEpoch: b.partitionLeaderEpoch,
          lastOffsetDelta: b.records.length - 1,
          inTransaction: b.transactional,
        });
        expect(k.records.length).toBe(b.records.length);
        k.records.forEach((kr, i) => {
          const r = b.records[i]!;
          expect(kr.offset).toBe(String(b.baseOffset + i));
          expect(kr.timestamp).toBe(String(r.timestamp));
          expect(kr.key).toEqual(r.key);
          expect(kr.value).toEqual(r.value);
          expect(kr.headers).toEqual(headersObject(r));
        });
      }),
      { numRuns: 60 },
    );
  });
});
