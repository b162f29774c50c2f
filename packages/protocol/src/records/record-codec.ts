import { CorruptRecordError } from '../errors/tributary-error.js';
import type { ByteReader } from '../primitives/byte-reader.js';
import type { ByteWriter } from '../primitives/byte-writer.js';
import { sizeOfVarint, sizeOfVarlong } from '../primitives/varint-size.js';
import type { DecodedRecord, RecordHeader, RecordInput } from './record-types.js';

const EMPTY_HEADERS: readonly RecordHeader[] = [];

function sizeOfNullableBytes(b: Buffer | null): number {
  return b === null ? 1 : sizeOfVarint(b.length) + b.length;
}

/** Bytes of a record's body (everything after its own length varint). */
export function sizeOfRecordBody(record: RecordInput, offsetDelta: number, timestampDelta: number): number {
  let size = 1 + sizeOfVarlong(timestampDelta) + sizeOfVarint(offsetDelta);
  size += sizeOfNullableBytes(record.key) + sizeOfNullableBytes(record.value);
  const headers = record.headers ?? EMPTY_HEADERS;
  size += sizeOfVarint(headers.length);
  for (const h of headers) {
    const keyBytes = Buffer.byteLength(h.key, 'utf8');
    size += sizeOfVarint(keyBytes) + keyBytes + sizeOfNullableBytes(h.value);
  }
  return size;
}

/** Full encoded size of a record including its length prefix. */
export function sizeOfRecord(bodySize: number): number {
  return sizeOfVarint(bodySize) + bodySize;
}

function writeNullableBytes(w: ByteWriter, b: Buffer | null): void {
  if (b === null) w.varint(-1);
  else w.varint(b.length).raw(b);
}

/** Writes one record (DefaultRecord layout) given its precomputed body size. */
export function writeRecord(
  w: ByteWriter,
  record: RecordInput,
  bodySize: number,
  offsetDelta: number,
  timestampDelta: number,
): void {
  w.varint(bodySize).int8(0).varlong(timestampDelta).varint(offsetDelta);
  writeNullableBytes(w, record.key);
  writeNullableBytes(w, record.value);
  const headers = record.headers ?? EMPTY_HEADERS;
  w.varint(headers.length);
  for (const h of headers) {
    w.varint(Buffer.byteLength(h.key, 'utf8')).utf8(h.key);
    writeNullableBytes(w, h.value);
  }
}

// Like Kafka's DefaultRecord, any negative length reads as null.
function readNullableBytes(r: ByteReader): Buffer | null {
  const n = r.varint();
  return n < 0 ? null : r.raw(n);
}

/**
 * Reads one record. `timestampOverride` (LogAppendTime batches) replaces the create time.
 * The record must consume exactly the bytes its length prefix claims.
 */
export function readRecord(
  r: ByteReader,
  baseOffset: number,
  baseTimestamp: number,
  timestampOverride: number | undefined,
): DecodedRecord {
  const bodySize = r.varint();
  if (bodySize < 6 || bodySize > r.remaining) throw new CorruptRecordError(`invalid record length ${bodySize}`);
  const end = r.pos + bodySize;
  r.skip(1); // record attributes: unused
  const timestampDelta = r.varlong();
  const offsetDelta = r.varint();
  if (offsetDelta < 0) throw new CorruptRecordError(`negative offsetDelta ${offsetDelta}`);
  const key = readNullableBytes(r);
  const value = readNullableBytes(r);
  const headerCount = r.varint();
  if (headerCount < 0 || headerCount > end - r.pos) throw new CorruptRecordError(`invalid header count ${headerCount}`);
  const headers: RecordHeader[] = new Array<RecordHeader>(headerCount);
  for (let i = 0; i < headerCount; i++) {
    const keyLength = r.varint();
    if (keyLength < 0) throw new CorruptRecordError(`invalid header key length ${keyLength}`);
    const at = r.pos;
    r.skip(keyLength);
    headers[i] = { key: r.buf.toString('utf8', at, at + keyLength), value: readNullableBytes(r) };
  }
  if (r.pos !== end) throw new CorruptRecordError(`record length ${bodySize} disagrees with its fields`);
  const timestamp = timestampOverride ?? baseTimestamp + timestampDelta;
  if (!Number.isSafeInteger(timestamp)) throw new CorruptRecordError(`record timestamp ${timestamp} out of range`);
  return { offset: baseOffset + offsetDelta, timestamp, key, value, headers };
}
