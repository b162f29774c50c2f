import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initCompression } from '../compression/compression-codecs.js';
import type { CompressionType } from '../compression/compression-type.js';
import { crc32cTable } from '../crc/crc32c-table.js';
import { CorruptRecordError } from '../errors/tributary-error.js';
import {
  assertValidBatch,
  batchSizeAt,
  isBatchCrcValid,
  readBatchHeader,
  setBaseOffset,
  setLogAppendTime,
  setPartitionLeaderEpoch,
} from './batch-header.js';
import { iterateBatches } from './batch-iterator.js';
import { decodeRecordBatch } from './record-batch-decoder.js';
import { encodeRecordBatch } from './record-batch-encoder.js';
import type { EncodeBatchOptions, RecordInput } from './record-types.js';

beforeAll(async () => {
  await initCompression();
});

const bytes = fc.uint8Array({ maxLength: 60 }).map((a) => Buffer.from(a));
const recordArb: fc.Arbitrary<RecordInput> = fc.record({
  key: fc.option(bytes),
  value: fc.option(bytes),
  timestamp: fc.integer({ min: 0, max: 4_000_000_000_000 }),
  headers: fc.array(fc.record({ key: fc.string({ unit: 'grapheme', maxLength: 10 }), value: fc.option(bytes) }), { maxLength: 3 }),
});
const compressionArb = fc.constantFrom<CompressionType>('none', 'gzip', 'snappy', 'lz4', 'zstd');
const optionsArb: fc.Arbitrary<EncodeBatchOptions> = fc.record({
  baseOffset: fc.nat({ max: Number.MAX_SAFE_INTEGER - 1000 }),
  partitionLeaderEpoch: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
  compression: compressionArb,
  producerId: fc.integer({ min: -1, max: Number.MAX_SAFE_INTEGER }),
  producerEpoch: fc.integer({ min: -1, max: 32767 }),
  baseSequence: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
  transactional: fc.boolean(),
});
const batchArb = fc.tuple(fc.array(recordArb, { minLength: 1, maxLength: 15 }), optionsArb);

function expectedRecords(records: readonly RecordInput[], baseOffset: number) {
  return records.map((r, i) => ({
    offset: baseOffset + i,
    timestamp: r.timestamp,
    key: r.key,
    value: r.value,
    headers: r.headers ?? [],
  }));
}

describe('RecordBatch v2 round-trips', () => {
  it('decode(encode(records)) equals the input records (oracle: the input)', () => {
    fc.assert(
      fc.property(batchArb, ([records, opts]) => {
        const buf = encodeRecordBatch(records, opts);
        const { header, records: decoded } = decodeRecordBatch(buf);
        expect(decoded).toEqual(expectedRecords(records, opts.baseOffset!));
        expect(header).toMatchObject({
          baseOffset: opts.baseOffset,
          batchLength: buf.length - 12,
          partitionLeaderEpoch: opts.partitionLeaderEpoch,
          magic: 2,
          lastOffsetDelta: records.length - 1,
          baseTimestamp: records[0]!.timestamp,
          maxTimestamp: Math.max(...records.map((r) => r.timestamp!)),
          producerId: opts.producerId,
          producerEpoch: opts.producerEpoch,
          baseSequence: opts.baseSequence,
          recordCount: records.length,
        });
        expect(header.crc).toBe(crc32cTable(buf.subarray(21)));
      }),
      { numRuns: 150 },
    );
  });

  it('iterateBatches over concatenated batches sees each header and stops at a partial tail (oracle: per-batch encode)', () => {
    fc.assert(
      fc.property(fc.array(batchArb, { minLength: 1, maxLength: 5 }), fc.nat(), (batches, cutSeed) => {
        const bufs = batches.map(([records, opts]) => encodeRecordBatch(records, opts));
        const all = Buffer.concat(bufs);
        const seen = [...iterateBatches(all)];
        expect(seen.map((b) => b.size)).toEqual(bufs.map((b) => b.length));
        seen.forEach((b, i) => {
          expect(b.pos).toBe(bufs.slice(0, i).reduce((n, x) => n + x.length, 0));
          expect(b.header).toEqual(readBatchHeader(bufs[i]!));
          expect(b.header.recordCount).toBe(batches[i]![0].length);
        });
        // A torn tail: cut inside the last batch.
        const last = bufs[bufs.length - 1]!;
        const cut = all.length - 1 - (cutSeed % last.length);
        expect([...iterateBatches(all.subarray(0, cut))].length).toBe(bufs.length - 1);
      }),
      { numRuns: 60 },
    );
  });

  it('empty and default-option batches', () => {
    const empty = encodeRecordBatch([]);
    expect(readBatchHeader(empty)).toMatchObject({ recordCount: 0, lastOffsetDelta: -1, baseTimestamp: -1, maxTimestamp: -1 });
    expect(decodeRecordBatch(empty).records).toEqual([]);
    const before = Date.now();
    const { records } = decodeRecordBatch(encodeRecordBatch([{ key: null, value: null }]));
    expect(records[0]!.timestamp).toBeGreaterThanOrEqual(before);
    expect(records[0]!.timestamp).toBeLessThanOrEqual(Date.now());
  });

  it('attribute bits: compression, LogAppendTime, transactional, control', () => {
    const recs = [{ key: null, value: Buffer.from('a'), timestamp: 10 }];
    expect(readBatchHeader(encodeRecordBatch(recs, { compression: 'lz4' })).attributes).toBe(3);
    expect(readBatchHeader(encodeRecordBatch(recs, { transactional: true, control: true })).attributes).toBe(0x30);
    const lat = encodeRecordBatch(recs, { timestampType: 'logAppend', compression: 'zstd' });
    expect(readBatchHeader(lat).attributes).toBe(0x08 | 4);
  });
});

describe('header mutators', () => {
  const recs = [
    { key: null, value: Buffer.from('a'), timestamp: 10 },
    { key: null, value: Buffer.from('b'), timestamp: 20 },
  ];

  it('setBaseOffset and setPartitionLeaderEpoch keep the CRC valid', () => {
    const buf = encodeRecordBatch(recs);
    const crc = buf.readUInt32BE(17);
    setBaseOffset(buf, 0, 2 ** 50);
    setPartitionLeaderEpoch(buf, 0, 17);
    expect(buf.readUInt32BE(17)).toBe(crc);
    expect(isBatchCrcValid(buf)).toBe(true);
    const { header, records } = decodeRecordBatch(buf);
    expect(header.partitionLeaderEpoch).toBe(17);
    expect(records.map((r) => r.offset)).toEqual([2 ** 50, 2 ** 50 + 1]);
  });

  it('setLogAppendTime sets bit 3 and maxTimestamp, recomputes the CRC, and records report it', () => {
    const buf = Buffer.concat([Buffer.alloc(5), encodeRecordBatch(recs, { compression: 'gzip' })]);
    setLogAppendTime(buf, 5, 99_999);
    const { header, records } = decodeRecordBatch(buf, 5);
    expect(header.attributes).toBe(0x08 | 1);
    expect(header.maxTimestamp).toBe(99_999);
    expect(header.crc).toBe(crc32cTable(buf.subarray(5 + 21)));
    expect(records.map((r) => r.timestamp)).toEqual([99_999, 99_999]);
  });

  it('batchSizeAt: undefined below 12 bytes, 12 + batchLength otherwise', () => {
    const buf = encodeRecordBatch(recs);
    expect(batchSizeAt(buf, 0)).toBe(buf.length);
    expect(batchSizeAt(buf.subarray(0, 12), 0)).toBe(buf.length);
    expect(batchSizeAt(buf.subarray(0, 11), 0)).toBeUndefined();
    expect(batchSizeAt(Buffer.concat([buf, buf.subarray(0, 3)]), buf.length)).toBeUndefined();
  });

  it('rejects bad magic, short lengths and out-of-range int64 fields', () => {
    const buf = encodeRecordBatch(recs);
    const badMagic = Buffer.from(buf);
    badMagic[16] = 1;
    expect(() => readBatchHeader(badMagic)).toThrow(/magic/);
    const shortLen = Buffer.from(buf);
    shortLen.writeInt32BE(48, 8);
    expect(() => readBatchHeader(shortLen)).toThrow(CorruptRecordError);
    expect(() => batchSizeAt(shortLen, 0)).toThrow(CorruptRecordError);
    expect(() => [...iterateBatches(shortLen)]).toThrow(CorruptRecordError);
    expect(isBatchCrcValid(shortLen)).toBe(false);
    const hugeOffset = Buffer.from(buf);
    hugeOffset.writeBigInt64BE(2n ** 60n, 0);
    expect(() => readBatchHeader(hugeOffset)).toThrow(CorruptRecordError);
  });
});

describe('corruption', () => {
  it('any single bit flip in [17, end) fails assertValidBatch and decodeRecordBatch with CorruptRecordError (oracle: CRC32C detects all 1-bit errors)', () => {
    fc.assert(
      fc.property(batchArb, fc.nat(), fc.nat({ max: 7 }), ([records, opts], at, bit) => {
        const buf = encodeRecordBatch(records, opts);
        const i = 17 + (at % (buf.length - 17));
        buf[i]! ^= 1 << bit;
        expect(isBatchCrcValid(buf)).toBe(false);
        expect(() => assertValidBatch(buf)).toThrow(CorruptRecordError);
        expect(() => decodeRecordBatch(buf)).toThrow(CorruptRecordError);
      }),
      { numRuns: 300 },
    );
  });

  it('every truncation throws CorruptRecordError (oracle: no strict prefix is a batch)', () => {
    fc.assert(
      fc.property(batchArb, ([records, opts]) => {
        const buf = encodeRecordBatch(records, opts);
        for (let cut = 0; cut < buf.length; cut += 1 + (cut >> 3)) {
          const part = buf.subarray(0, cut);
          expect(() => decodeRecordBatch(part)).toThrow(CorruptRecordError);
          expect(() => assertValidBatch(part)).toThrow(CorruptRecordError);
          expect(isBatchCrcValid(part)).toBe(false);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('records-region garbage with a recomputed CRC decodes or throws CorruptRecordError, never anything else (oracle: error type)', () => {
    fc.assert(
      fc.property(batchArb, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 4 }), ([records, opts], edits) => {
        const buf = encodeRecordBatch(records, opts);
        if (buf.length <= 61) return;
        for (const [at, byte] of edits) buf[61 + (at % (buf.length - 61))] = byte;
        buf.writeUInt32BE(crc32cTable(buf.subarray(21)), 17);
        try {
          const { records: out } = decodeRecordBatch(buf);
          expect(out.length).toBe(records.length);
        } catch (err) {
          expect(err).toBeInstanceOf(CorruptRecordError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a recordCount that lies throws CorruptRecordError', () => {
    const buf = encodeRecordBatch([{ key: null, value: Buffer.from('abc'), timestamp: 1 }]);
    for (const count of [0, 2, 1000, -1]) {
      const b = Buffer.from(buf);
      b.writeInt32BE(count, 57);
      b.writeInt32BE(Math.max(count - 1, 0), 23);
      b.writeUInt32BE(crc32cTable(b.subarray(21)), 17);
      expect(() => decodeRecordBatch(b), `count ${count}`).toThrow(CorruptRecordError);
    }
  });
});
