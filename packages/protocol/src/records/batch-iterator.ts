import { batchSizeAt, readBatchHeader, type RecordBatchHeader } from './batch-header.js';

export interface BatchLocation {
  pos: number;
  size: number;
  header: RecordBatchHeader;
}

/**
 * Walks consecutive batches reading headers only (no records, no CRC check: call
 * assertValidBatch for that). Stops quietly at a partial trailing batch; a malformed header
 * throws CorruptRecordError.
 */
export function* iterateBatches(buf: Buffer): Generator<BatchLocation> {
  let pos = 0;
  for (;;) {
    const size = batchSizeAt(buf, pos);
    if (size === undefined || pos + size > buf.length) return;
    yield { pos, size, header: readBatchHeader(buf, pos) };
    pos += size;
  }
}
