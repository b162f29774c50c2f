import { describe, expect, it } from 'vitest';
import { crc32cTable } from '../crc/crc32c-table.js';
import { encodeControlBatch, readControlCoordinatorEpoch, readControlRecordType } from './control-records.js';
import { decodeRecordBatch } from './record-batch-decoder.js';
import { encodeRecordBatch } from './record-batch-encoder.js';

// Batches laid out by hand from Kafka's DefaultRecordBatch / DefaultRecord docs; '?' marks the CRC,
// which is checked against the independent table implementation.
function hand(parts: string[]): string {
  return parts.join('').replace(/\s+/g, '');
}

function expectBytes(actual: Buffer, expectedHex: string): void {
  const [before, after] = expectedHex.split('crc');
  expect(actual.length).toBe((before!.length + 8 + after!.length) / 2);
  expect(actual.subarray(0, 17).toString('hex')).toBe(before);
  expect(actual.subarray(21).toString('hex')).toBe(after);
  expect(actual.readUInt32BE(17)).toBe(crc32cTable(actual.subarray(21)));
}

describe('golden batches (hand-built from the spec)', () => {
  it('one record with a null key', () => {
    const buf = encodeRecordBatch([{ key: null, value: Buffer.from('v'), timestamp: 1000 }]);
    const expected = hand([
      '0000000000000000', // baseOffset
      '00000039', // batchLength 57
      'ffffffff', // partitionLeaderEpoch
      '02', // magic
      'crc',
      '0000', // attributes
      '00000000', // lastOffsetDelta
      '00000000000003e8', // baseTimestamp
      '00000000000003e8', // maxTimestamp
      'ffffffffffffffff', // producerId
      'ffff', // producerEpoch
      'ffffffff', // baseSequence
      '00000001', // recordCount
      '0e 00 00 00 01 02 76 00', // len 7, attrs, tsDelta 0, offsetDelta 0, key null, value "v", 0 headers
    ]);
    expectBytes(buf, expected);
    expect(buf.readUInt32BE(17)).toBe(crc32cTable(buf.subarray(21)));
    const { records } = decodeRecordBatch(buf);
    expect(records).toEqual([{ offset: 0, timestamp: 1000, key: null, value: Buffer.from('v'), headers: [] }]);
  });

  it('an idempotent batch with an empty key, a null value and headers', () => {
    const buf = encodeRecordBatch(
      [
        { key: Buffer.from('k'), value: Buffer.from('v'), timestamp: 1000 },
        {
          key: Buffer.alloc(0),
          value: null,
          timestamp: 1005,
          headers: [
            { key: 'h', value: Buffer.from('x') },
            { key: 'n', value: null },
          ],
        },
      ],
      { baseOffset: 100, partitionLeaderEpoch: 5, producerId: 7, producerEpoch: 3, baseSequence: 42 },
    );
    const expected = hand([
      '0000000000000064',
      '00000048', // 72
      '00000005',
      '02',
      'crc',
      '0000',
      '00000001', // lastOffsetDelta
      '00000000000003e8',
      '00000000000003ed', // maxTimestamp 1005
      '0000000000000007',
      '0003',
      '0000002a',
      '00000002',
      '10 00 00 00 02 6b 02 76 00', // record 0: len 8, key "k", value "v"
      '1a 00 0a 02 00 01 04', // record 1: len 13, tsDelta 5, offsetDelta 1, key "", value null, 2 headers
      '02 68 02 78', // "h" = "x"
      '02 6e 01', // "n" = null
    ]);
    expectBytes(buf, expected);
    const batch = decodeRecordBatch(buf);
    expect(batch.header).toMatchObject({ baseOffset: 100, lastOffsetDelta: 1, producerId: 7, baseSequence: 42 });
    expect(batch.records[1]).toEqual({
      offset: 101,
      timestamp: 1005,
      key: Buffer.alloc(0),
      value: null,
      headers: [
        { key: 'h', value: Buffer.from('x') },
        { key: 'n', value: null },
      ],
    });
  });

  it('a COMMIT control batch', () => {
    const buf = encodeControlBatch('commit', {
      producerId: 9,
      producerEpoch: 1,
      coordinatorEpoch: 4,
      timestamp: 2000,
      baseOffset: 50,
    });
    const expected = hand([
      '0000000000000032',
      '00000042', // 66
      'ffffffff',
      '02',
      'crc',
      '0030', // transactional | control
      '00000000',
      '00000000000007d0',
      '00000000000007d0',
      '0000000000000009',
      '0001',
      'ffffffff',
      '00000001',
      '20 00 00 00', // len 16, attrs, tsDelta, offsetDelta
      '08 0000 0001', // key: version 0, type 1 (COMMIT)
      '0c 0000 00000004', // value: version 0, coordinatorEpoch 4
      '00',
    ]);
    expectBytes(buf, expected);
    const [record] = decodeRecordBatch(buf).records;
    expect(readControlRecordType(record!)).toBe('commit');
    expect(readControlCoordinatorEpoch(record!)).toBe(4);
    const abort = decodeRecordBatch(encodeControlBatch('abort', { producerId: 9, producerEpoch: 1 })).records[0]!;
    expect(abort.key!.toString('hex')).toBe('00000000'); // what kafkajs matches ABORT markers by
    expect(readControlRecordType(abort)).toBe('abort');
    expect(readControlRecordType({ ...abort, key: Buffer.from('00000005', 'hex') })).toBe('unknown');
    expect(readControlRecordType({ ...abort, key: null })).toBe('unknown');
  });
});
