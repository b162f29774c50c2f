import { CorruptRecordError, assertValidBatch, batchSizeAt } from '@tributary/protocol';
import type { RecordBatchHeader } from '@tributary/protocol';
import { RecordTooLargeError } from '../errors/log-errors.js';

/** Checks every batch before anything changes, so a bad append leaves no trace. */
export function validateBatches(batches: Buffer, maxMessageBytes: number): RecordBatchHeader[] {
  if (batches.length === 0) throw new CorruptRecordError('append of zero bytes');
  const headers: RecordBatchHeader[] = [];
  let pos = 0;
  while (pos < batches.length) {
    const size = batchSizeAt(batches, pos);
    if (size === undefined || pos + size > batches.length) throw new CorruptRecordError(`incomplete batch at ${pos} of ${batches.length} bytes`);
    if (size > maxMessageBytes) throw new RecordTooLargeError(size, maxMessageBytes);
    const h = assertValidBatch(batches, pos);
    if (h.recordCount === 0 || h.lastOffsetDelta !== h.recordCount - 1) {
      throw new CorruptRecordError(`batch at ${pos}: ${h.recordCount} records with lastOffsetDelta ${h.lastOffsetDelta}`);
    }
    headers.push(h);
    pos += size;
  }
  return headers;
}
