import { decodeRecordBatch } from '@tributary/protocol';
import { scanBatches } from '../segment/scan-batches.js';
import { batchBaseOffset, batchLastOffset, batchMaxTimestamp } from '../segment/segment.js';
import type { Segment } from '../segment/segment.js';

/**
 * ListOffsets by time: the first offset in [logStartOffset, highWatermark) whose record
 * timestamp is ≥ `timestamp`, or offset -1. Segments are skipped by their max timestamp, the
 * time index narrows the start, and only the one matching batch is decoded.
 */
export async function findOffsetByTimestamp(
  segments: readonly Segment[], timestamp: number, logStartOffset: number, highWatermark: number,
): Promise<{ offset: number; timestamp: number }> {
  for (const seg of segments) {
    if (seg.nextOffset <= logStartOffset || seg.maxTimestamp < timestamp) continue;
    if (seg.baseOffset >= highWatermark) break;
    const file = seg.file;
    if (!file) continue;
    const from = Math.max(logStartOffset, seg.baseOffset + seg.timeIndex.lookupBelow(timestamp) + 1);
    const start = seg.offsetIndex.lookup(from - seg.baseOffset);
    seg.acquire();
    try {
      for await (const b of scanBatches(file, start, seg.writtenSize)) {
        if (batchBaseOffset(b.buf, b.pos) >= highWatermark) return { offset: -1, timestamp: -1 };
        if (batchLastOffset(b.buf, b.pos) < from) continue;
        if (batchMaxTimestamp(b.buf, b.pos) < timestamp) continue;
        for (const r of decodeRecordBatch(b.buf, b.pos).records) {
          if (r.offset >= from && r.offset < highWatermark && r.timestamp >= timestamp) return { offset: r.offset, timestamp: r.timestamp };
        }
      }
    } finally {
      seg.release();
    }
  }
  return { offset: -1, timestamp: -1 };
}
