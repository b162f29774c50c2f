import { crc32c } from '../crc/crc32c.js';
import { compress } from '../compression/compression-codecs.js';
import { Compression } from '../compression/compression-type.js';
import { ByteWriter } from '../primitives/byte-writer.js';
import { ValueOutOfRangeError } from '../primitives/value-range-error.js';
import { BatchAttributes, BatchOffsets, RECORD_BATCH_OVERHEAD, writeBatchInt64 } from './batch-header.js';
import { sizeOfRecord, sizeOfRecordBody, writeRecord } from './record-codec.js';
import type { EncodeBatchOptions, RecordInput } from './record-types.js';

const NO_TIMESTAMP = -1;

/**
 * Encodes one RecordBatch v2, byte-compatible with Kafka's DefaultRecordBatch. Uncompressed
 * batches are sized up front and written straight into a single Buffer.
 */
export function encodeRecordBatch(records: readonly RecordInput[], options: EncodeBatchOptions = {}): Buffer {
  const count = records.length;
  let now: number | undefined;
  const timestamps = new Array<number>(count);
  let maxTimestamp = NO_TIMESTAMP;
  for (let i = 0; i < count; i++) {
    const ts = records[i]!.timestamp ?? (now ??= Date.now());
    if (!Number.isSafeInteger(ts)) throw new ValueOutOfRangeError(`record timestamp ${ts} is not a safe integer`);
    timestamps[i] = ts;
    if (ts > maxTimestamp) maxTimestamp = ts;
  }
  const baseTimestamp = options.baseTimestamp ?? (count > 0 ? timestamps[0]! : NO_TIMESTAMP);

  const bodySizes = new Array<number>(count);
  let recordsSize = 0;
  for (let i = 0; i < count; i++) {
    const body = sizeOfRecordBody(records[i]!, i, timestamps[i]! - baseTimestamp);
    bodySizes[i] = body;
    recordsSize += sizeOfRecord(body);
  }

  const compression = options.compression ?? 'none';
  const w = new ByteWriter(compression === 'none' ? RECORD_BATCH_OVERHEAD + recordsSize : recordsSize);
  if (compression === 'none') w.reserve(RECORD_BATCH_OVERHEAD);
  for (let i = 0; i < count; i++) writeRecord(w, records[i]!, bodySizes[i]!, i, timestamps[i]! - baseTimestamp);

  let buf: Buffer;
  if (compression === 'none') {
    buf = w.toBuffer();
  } else {
    const packed = compress(compression, w.toBuffer());
    buf = Buffer.allocUnsafe(RECORD_BATCH_OVERHEAD + packed.length);
    packed.copy(buf, RECORD_BATCH_OVERHEAD);
  }

  let attributes = Compression[compression];
  if (options.timestampType === 'logAppend') attributes |= BatchAttributes.timestampTypeLogAppend;
  if (options.transactional) attributes |= BatchAttributes.transactional;
  if (options.control) attributes |= BatchAttributes.control;

  writeBatchInt64(buf, BatchOffsets.baseOffset, options.baseOffset ?? 0, 'baseOffset');
  buf.writeInt32BE(buf.length - 12, BatchOffsets.batchLength);
  buf.writeInt32BE(options.partitionLeaderEpoch ?? -1, BatchOffsets.partitionLeaderEpoch);
  buf.writeInt8(2, BatchOffsets.magic);
  buf.writeInt16BE(attributes, BatchOffsets.attributes);
  buf.writeInt32BE(count - 1, BatchOffsets.lastOffsetDelta);
  writeBatchInt64(buf, BatchOffsets.baseTimestamp, baseTimestamp, 'baseTimestamp');
  writeBatchInt64(buf, BatchOffsets.maxTimestamp, maxTimestamp, 'maxTimestamp');
  writeBatchInt64(buf, BatchOffsets.producerId, options.producerId ?? -1, 'producerId');
  buf.writeInt16BE(options.producerEpoch ?? -1, BatchOffsets.producerEpoch);
  buf.writeInt32BE(options.baseSequence ?? -1, BatchOffsets.baseSequence);
  buf.writeInt32BE(count, BatchOffsets.recordCount);
  buf.writeUInt32BE(crc32c(buf.subarray(BatchOffsets.attributes)), BatchOffsets.crc);
  return buf;
}
