import { decompress } from '../compression/compression-codecs.js';
import { CorruptRecordError } from '../errors/tributary-error.js';
import { ByteReader } from '../primitives/byte-reader.js';
import { assertValidBatch, BatchAttributes, LOG_OVERHEAD, RECORD_BATCH_OVERHEAD } from './batch-header.js';
import { readRecord } from './record-codec.js';
import type { DecodedRecord, DecodedRecordBatch } from './record-types.js';

/**
 * Verifies (size, magic, CRC) and decodes the batch at `pos`, decompressing if needed. Keys,
 * values and header values are views into `buf` (or the decompressed block), not copies.
 */
export function decodeRecordBatch(buf: Buffer, pos = 0): DecodedRecordBatch {
  const header = assertValidBatch(buf, pos);
  const end = pos + LOG_OVERHEAD + header.batchLength;
  const codec = header.attributes & BatchAttributes.compressionMask;
  let reader: ByteReader;
  if (codec === 0) {
    reader = new ByteReader(buf, pos + RECORD_BATCH_OVERHEAD, end);
  } else {
    const data = decompress(codec, buf.subarray(pos + RECORD_BATCH_OVERHEAD, end));
    reader = new ByteReader(data);
  }
  // Every record takes at least 7 bytes: bound the count before allocating for it.
  if (header.recordCount * 7 > reader.remaining) {
    throw new CorruptRecordError(`recordCount ${header.recordCount} does not fit in ${reader.remaining} record bytes`);
  }
  const timestampOverride =
    header.attributes & BatchAttributes.timestampTypeLogAppend ? header.maxTimestamp : undefined;
  const records = new Array<DecodedRecord>(header.recordCount);
  try {
    for (let i = 0; i < header.recordCount; i++) {
      records[i] = readRecord(reader, header.baseOffset, header.baseTimestamp, timestampOverride);
    }
  } catch (err) {
    if (err instanceof CorruptRecordError) throw err;
    throw new CorruptRecordError(`malformed record in batch at ${pos}`, { cause: err });
  }
  if (reader.remaining !== 0) {
    throw new CorruptRecordError(`${reader.remaining} byte(s) after the last of ${header.recordCount} records`);
  }
  return { header, records };
}
