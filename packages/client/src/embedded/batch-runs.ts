import { RECORD_BATCH_OVERHEAD, sizeOfVarint, sizeOfVarlong } from '@tributary/protocol';
import type { RecordInput } from '@tributary/protocol';

/** Default `batchSizeBytes`: large enough for throughput, just under the default max.message.bytes (1048588). */
export const DEFAULT_BATCH_SIZE_BYTES = 1024 * 1024;

function nullableBytes(b: Buffer | null): number {
  return b === null ? 1 : sizeOfVarint(b.length) + b.length;
}

/** Encoded size of one record (length prefix included) at `offsetDelta` in a batch, as RecordBatch v2 lays it out. */
export function encodedRecordSize(record: RecordInput, offsetDelta: number, timestampDelta: number): number {
  let body = 1 + sizeOfVarlong(timestampDelta) + sizeOfVarint(offsetDelta) + nullableBytes(record.key) + nullableBytes(record.value);
  const headers = record.headers;
  if (headers === undefined) {
    body += 1;
  } else {
    body += sizeOfVarint(headers.length);
    for (let i = 0; i < headers.length; i++) {
      const h = headers[i]!;
      const keyBytes = Buffer.byteLength(h.key, 'utf8');
      body += sizeOfVarint(keyBytes) + keyBytes + nullableBytes(h.value);
    }
  }
  return sizeOfVarint(body) + body;
}

/** Bytes per record besides key, value and header bytes, at most: length 5, attributes 1, timestamp delta 10, offset delta 5, key/value lengths 5 + 5, header count 5. */
const RECORD_FIXED_MAX = 36;

/** A cheap upper bound of the records' encoded size (no UTF-8 measuring), so a send that surely fits skips the exact pass. */
function upperBound(records: readonly RecordInput[]): number {
  let bytes = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    bytes += RECORD_FIXED_MAX + (r.key?.length ?? 0) + (r.value?.length ?? 0);
    const headers = r.headers;
    if (headers !== undefined) for (let h = 0; h < headers.length; h++) bytes += 10 + 3 * headers[h]!.key.length + (headers[h]!.value?.length ?? 0);
  }
  return bytes;
}

/**
 * Cuts `records` into consecutive runs whose uncompressed batch (header included) stays within
 * `limit` bytes, and returns each run's end index. A record too big for `limit` on its own gets
 * a run of its own; `oversized` is told its index and exact single-record batch size, so the
 * caller can reject it (uncompressed) or let compression try. Sizes are exact: the encoder uses
 * the run's first timestamp as base timestamp, and offset deltas count from the run's start.
 */
export function batchRuns(
  records: readonly RecordInput[],
  limit: number,
  oversized: (index: number, batchBytes: number) => void,
): number[] {
  const n = records.length;
  if (RECORD_BATCH_OVERHEAD + upperBound(records) <= limit) return [n];
  const ends: number[] = [];
  let start = 0;
  let baseTimestamp = 0;
  let size = 0;
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    const ts = r.timestamp ?? 0;
    if (i === start) {
      baseTimestamp = ts;
      size = RECORD_BATCH_OVERHEAD + encodedRecordSize(r, 0, 0);
      if (size > limit) {
        oversized(i, size);
        ends.push(i + 1);
        start = i + 1;
      }
      continue;
    }
    const recordSize = encodedRecordSize(r, i - start, ts - baseTimestamp);
    if (size + recordSize <= limit) {
      size += recordSize;
      continue;
    }
    // Close the run before this record and start a new one with it.
    ends.push(i);
    start = i;
    i--;
  }
  if (start < n) ends.push(n);
  return ends;
}
