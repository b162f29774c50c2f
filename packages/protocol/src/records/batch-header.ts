import { BufferUnderflowError, CorruptRecordError } from '../errors/tributary-error.js';
import { crc32c } from '../crc/crc32c.js';
import { ValueOutOfRangeError } from '../primitives/value-range-error.js';

/** Field offsets of a RecordBatch v2 header (Kafka's DefaultRecordBatch). */
export const BatchOffsets = {
  baseOffset: 0,
  batchLength: 8,
  partitionLeaderEpoch: 12,
  magic: 16,
  crc: 17,
  attributes: 21,
  lastOffsetDelta: 23,
  baseTimestamp: 27,
  maxTimestamp: 35,
  producerId: 43,
  producerEpoch: 51,
  baseSequence: 53,
  recordCount: 57,
} as const;

/** Header bytes before the records. */
export const RECORD_BATCH_OVERHEAD = 61;
/** baseOffset + batchLength: the bytes not counted by batchLength. */
export const LOG_OVERHEAD = 12;
/** Smallest legal batchLength (a header with no records). */
const MIN_BATCH_LENGTH = RECORD_BATCH_OVERHEAD - LOG_OVERHEAD;
const CRC_START = BatchOffsets.attributes;
const TWO_32 = 0x1_0000_0000;

export const BatchAttributes = {
  compressionMask: 0x07,
  timestampTypeLogAppend: 0x08,
  transactional: 0x10,
  control: 0x20,
  deleteHorizon: 0x40,
} as const;

export interface RecordBatchHeader {
  baseOffset: number;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

function readInt64(buf: Buffer, at: number, field: string): number {
  const v = buf.readInt32BE(at) * TWO_32 + buf.readUInt32BE(at + 4);
  if (!Number.isSafeInteger(v)) throw new CorruptRecordError(`batch ${field} ${buf.readBigInt64BE(at)} exceeds the safe integer range`);
  return v;
}

function writeInt64(buf: Buffer, at: number, v: number, field: string): void {
  if (!Number.isSafeInteger(v)) throw new ValueOutOfRangeError(`${field} ${v} is not a safe integer`);
  const hi = Math.floor(v / TWO_32);
  buf.writeInt32BE(hi, at);
  buf.writeUInt32BE(v - hi * TWO_32, at + 4);
}

/** Writes a safe-integer int64 at `at` (shared with the encoder). */
export { writeInt64 as writeBatchInt64 };

/** Parses the 61-byte header at `pos` without touching the records or checking the CRC. */
export function readBatchHeader(buf: Buffer, pos = 0): RecordBatchHeader {
  if (pos < 0 || buf.length - pos < RECORD_BATCH_OVERHEAD) {
    throw new BufferUnderflowError(RECORD_BATCH_OVERHEAD, Math.max(0, buf.length - pos));
  }
  const magic = buf.readInt8(pos + BatchOffsets.magic);
  if (magic !== 2) throw new CorruptRecordError(`unsupported record batch magic ${magic} at ${pos}`);
  const batchLength = buf.readInt32BE(pos + BatchOffsets.batchLength);
  if (batchLength < MIN_BATCH_LENGTH) throw new CorruptRecordError(`batchLength ${batchLength} below ${MIN_BATCH_LENGTH} at ${pos}`);
  return {
    baseOffset: readInt64(buf, pos, 'baseOffset'),
    batchLength,
    partitionLeaderEpoch: buf.readInt32BE(pos + BatchOffsets.partitionLeaderEpoch),
    magic,
    crc: buf.readUInt32BE(pos + BatchOffsets.crc),
    attributes: buf.readInt16BE(pos + BatchOffsets.attributes),
    lastOffsetDelta: buf.readInt32BE(pos + BatchOffsets.lastOffsetDelta),
    baseTimestamp: readInt64(buf, pos + BatchOffsets.baseTimestamp, 'baseTimestamp'),
    maxTimestamp: readInt64(buf, pos + BatchOffsets.maxTimestamp, 'maxTimestamp'),
    producerId: readInt64(buf, pos + BatchOffsets.producerId, 'producerId'),
    producerEpoch: buf.readInt16BE(pos + BatchOffsets.producerEpoch),
    baseSequence: buf.readInt32BE(pos + BatchOffsets.baseSequence),
    recordCount: buf.readInt32BE(pos + BatchOffsets.recordCount),
  };
}

/**
 * Total bytes of the batch at `pos` (12 + batchLength), or undefined when fewer than 12 bytes
 * remain (a torn tail). A batchLength too small for any batch is CorruptRecordError.
 */
export function batchSizeAt(buf: Buffer, pos: number): number | undefined {
  if (buf.length - pos < LOG_OVERHEAD) return undefined;
  const batchLength = buf.readInt32BE(pos + BatchOffsets.batchLength);
  if (batchLength < MIN_BATCH_LENGTH) throw new CorruptRecordError(`batchLength ${batchLength} below ${MIN_BATCH_LENGTH} at ${pos}`);
  return LOG_OVERHEAD + batchLength;
}

function computeCrc(buf: Buffer, pos: number, size: number): number {
  return crc32c(buf.subarray(pos + CRC_START, pos + size));
}

/** CRC32C over [pos+21, pos+size) equals the stored CRC; false for short or malformed input. */
export function isBatchCrcValid(buf: Buffer, pos = 0): boolean {
  if (buf.length - pos < RECORD_BATCH_OVERHEAD) return false;
  const batchLength = buf.readInt32BE(pos + BatchOffsets.batchLength);
  const size = LOG_OVERHEAD + batchLength;
  if (batchLength < MIN_BATCH_LENGTH || pos + size > buf.length) return false;
  return computeCrc(buf, pos, size) === buf.readUInt32BE(pos + BatchOffsets.crc);
}

/** Header + size + CRC + count sanity of the batch at `pos`; throws CorruptRecordError. */
export function assertValidBatch(buf: Buffer, pos = 0): RecordBatchHeader {
  const header = readBatchHeader(buf, pos);
  const size = LOG_OVERHEAD + header.batchLength;
  if (pos + size > buf.length) throw new BufferUnderflowError(size, buf.length - pos);
  const actual = computeCrc(buf, pos, size);
  if (actual !== header.crc) {
    throw new CorruptRecordError(`batch CRC mismatch at ${pos}: stored ${header.crc}, computed ${actual}`);
  }
  const { recordCount, lastOffsetDelta } = header;
  if (recordCount < 0) throw new CorruptRecordError(`negative recordCount ${recordCount}`);
  // Compaction may drop records but keeps lastOffsetDelta, so it only bounds from below.
  if (lastOffsetDelta < recordCount - 1) {
    throw new CorruptRecordError(`lastOffsetDelta ${lastOffsetDelta} too small for ${recordCount} records`);
  }
  // An uncompressed record takes at least 7 bytes.
  if ((header.attributes & BatchAttributes.compressionMask) === 0 && recordCount * 7 > size - RECORD_BATCH_OVERHEAD) {
    throw new CorruptRecordError(`recordCount ${recordCount} does not fit in ${size - RECORD_BATCH_OVERHEAD} bytes`);
  }
  return header;
}

/** Rewrites baseOffset (outside the CRC, so no re-encode). */
export function setBaseOffset(buf: Buffer, pos: number, baseOffset: number): void {
  writeInt64(buf, pos + BatchOffsets.baseOffset, baseOffset, 'baseOffset');
}

/** Rewrites partitionLeaderEpoch (outside the CRC). */
export function setPartitionLeaderEpoch(buf: Buffer, pos: number, epoch: number): void {
  buf.writeInt32BE(epoch, pos + BatchOffsets.partitionLeaderEpoch);
}

/** Marks the batch LogAppendTime with `timestampMs` as maxTimestamp and recomputes the CRC. */
export function setLogAppendTime(buf: Buffer, pos: number, timestampMs: number): void {
  const size = batchSizeAt(buf, pos);
  if (size === undefined || pos + size > buf.length) throw new BufferUnderflowError(size ?? LOG_OVERHEAD, buf.length - pos);
  const attrAt = pos + BatchOffsets.attributes;
  buf.writeInt16BE(buf.readInt16BE(attrAt) | BatchAttributes.timestampTypeLogAppend, attrAt);
  writeInt64(buf, pos + BatchOffsets.maxTimestamp, timestampMs, 'timestamp');
  buf.writeUInt32BE(computeCrc(buf, pos, size), pos + BatchOffsets.crc);
}
