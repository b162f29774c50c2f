import { BatchAttributes, decodeRecordBatch, encodeRecordBatch } from '@tributary/protocol';
import type { CompressionType, DecodedRecord, RecordBatchHeader } from '@tributary/protocol';
import type { LogPartition } from '../partition/log-partition.js';
import { scanBatches } from '../segment/scan-batches.js';
import { batchBaseOffset, batchLastOffset, batchMaxTimestamp, Segment } from '../segment/segment.js';
import { CLEANED_SUFFIX, LOG_SUFFIX, segmentPath, SWAP_SUFFIX } from '../segment/segment-files.js';
import type { Storage } from '../storage/storage.js';

export interface CompactionStats {
  segmentsCleaned: number;
  recordsRemoved: number;
  bytesBefore: number;
  bytesAfter: number;
}

const COMPRESSION: readonly CompressionType[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/** Transactional data and control batches are kept untouched (and never supersede a record). */
function isPlainData(h: RecordBatchHeader): boolean {
  return (h.attributes & (BatchAttributes.control | BatchAttributes.transactional)) === 0;
}

/**
 * Log compaction for cleanup.policy=compact: in every sealed segment older than
 * min.compaction.lag.ms, keeps a keyed record only if no later record (up to the high
 * watermark) has its key; drops tombstones older than delete.retention.ms (by their own
 * timestamp). Offsets never change: survivors are re-encoded in runs of consecutive offsets
 * with the same base offset. Each segment is swapped atomically (.cleaned → .swap → .log).
 */
export function compactPartition(partition: LogPartition, storage: Storage, now: number): Promise<CompactionStats> {
  return partition.exclusive(async () => {
    const stats: CompactionStats = { segmentsCleaned: 0, recordsRemoved: 0, bytesBefore: 0, bytesAfter: 0 };
    const cfg = partition.config;
    if (!cfg['cleanup.policy'].includes('compact')) return stats;
    const segments = partition.segments;
    const lag = cfg['min.compaction.lag.ms'];
    let cleanable = 0;
    while (cleanable < segments.length - 1) {
      const s = segments[cleanable]!;
      if (!s.sealed || (lag > 0 && now - s.maxTimestamp < lag)) break;
      cleanable++;
    }
    if (cleanable === 0) return stats;
    const highWatermark = partition.highWatermark;
    const latest = await buildOffsetMap(segments, highWatermark);
    const tombstoneHorizon = now - cfg['delete.retention.ms'];
    for (const seg of segments.slice(0, cleanable)) {
      const cleaned = await cleanSegment(seg, storage, latest, tombstoneHorizon, cfg['index.interval.bytes'], now, stats);
      partition.replaceSegment(seg, cleaned);
      await finishSwap(seg, cleaned, storage);
    }
    partition.compactedUpTo = segments[cleanable - 1]!.nextOffset;
    return stats;
  });
}

/** Latest offset of every key in plain data below the high watermark. */
async function buildOffsetMap(segments: readonly Segment[], highWatermark: number): Promise<Map<string, number>> {
  const latest = new Map<string, number>();
  for (const seg of segments) {
    if (!seg.file || seg.baseOffset >= highWatermark) break;
    seg.acquire();
    try {
      for await (const b of scanBatches(seg.file, 0, seg.writtenSize)) {
        const batch = decodeRecordBatch(b.buf, b.pos);
        if (batch.header.baseOffset >= highWatermark) break;
        if (!isPlainData(batch.header)) continue;
        for (const r of batch.records) if (r.key && r.offset < highWatermark) latest.set(r.key.toString('latin1'), r.offset);
      }
    } finally {
      seg.release();
    }
  }
  return latest;
}

async function cleanSegment(
  seg: Segment, storage: Storage, latest: Map<string, number>, tombstoneHorizon: number,
  interval: number, now: number, stats: CompactionStats,
): Promise<Segment | undefined> {
  const out: Buffer[] = [];
  const cleanedPath = segmentPath(seg.dir, seg.baseOffset, LOG_SUFFIX + CLEANED_SUFFIX);
  const result = new Segment(seg.dir, seg.baseOffset, now);
  const keep = (r: DecodedRecord): boolean =>
    r.key === null || (latest.get(r.key.toString('latin1')) === r.offset && (r.value !== null || r.timestamp > tombstoneHorizon));
  const place = (buf: Buffer): void => {
    result.trackBatch(batchBaseOffset(buf, 0), batchLastOffset(buf, 0), batchMaxTimestamp(buf, 0), result.size, buf.length, interval);
    out.push(buf);
  };
  seg.acquire();
  try {
    for await (const b of scanBatches(seg.file!, 0, seg.writtenSize)) {
      stats.bytesBefore += b.size;
      const raw = b.buf.subarray(b.pos, b.pos + b.size);
      const batch = decodeRecordBatch(b.buf, b.pos);
      if (!isPlainData(batch.header)) {
        place(Buffer.from(raw));
        continue;
      }
      const kept = batch.records.filter(keep);
      stats.recordsRemoved += batch.records.length - kept.length;
      if (kept.length === batch.records.length) {
        place(Buffer.from(raw));
        continue;
      }
      for (const run of consecutiveRuns(kept)) place(reencode(batch.header, run));
    }
  } finally {
    seg.release();
  }
  stats.segmentsCleaned++;
  for (const b of out) stats.bytesAfter += b.length;
  result.finishTimeIndex();

  const file = await storage.open(cleanedPath);
  await file.writev(out, 0);
  await file.datasync();
  result.writtenSize = result.size;
  result.sealed = true;
  // The rename is the commit point: recovery finishes a .swap and discards a .cleaned.
  const swapPath = segmentPath(seg.dir, seg.baseOffset, LOG_SUFFIX + SWAP_SUFFIX);
  await storage.rename(cleanedPath, swapPath);
  await storage.syncDir(seg.dir);
  if (out.length === 0) {
    await file.close();
    return undefined;
  }
  result.file = file;
  return result;
}

/** Replaces the old segment's files with the swap file (the open fd follows the rename). */
async function finishSwap(old: Segment, cleaned: Segment | undefined, storage: Storage): Promise<void> {
  const swapPath = segmentPath(old.dir, old.baseOffset, LOG_SUFFIX + SWAP_SUFFIX);
  await old.deleteFiles(storage);
  if (cleaned) {
    await storage.rename(swapPath, old.logPath);
    await storage.syncDir(old.dir);
    await cleaned.writeIndexes(storage);
  } else {
    await storage.remove(swapPath);
  }
}

function* consecutiveRuns(records: readonly DecodedRecord[]): Generator<DecodedRecord[]> {
  let run: DecodedRecord[] = [];
  for (const r of records) {
    if (run.length > 0 && r.offset !== run[run.length - 1]!.offset + 1) {
      yield run;
      run = [];
    }
    run.push(r);
  }
  if (run.length > 0) yield run;
}

/** Survivors keep their offsets, timestamps, producer identity and compression. */
function reencode(h: RecordBatchHeader, run: readonly DecodedRecord[]): Buffer {
  const first = run[0]!.offset;
  const logAppend = (h.attributes & BatchAttributes.timestampTypeLogAppend) !== 0;
  return encodeRecordBatch(
    run.map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers })),
    {
      baseOffset: first,
      partitionLeaderEpoch: h.partitionLeaderEpoch,
      compression: COMPRESSION[h.attributes & BatchAttributes.compressionMask] ?? 'none',
      timestampType: logAppend ? 'logAppend' : 'create',
      producerId: h.producerId,
      producerEpoch: h.producerEpoch,
      baseSequence: h.baseSequence >= 0 ? h.baseSequence + (first - h.baseOffset) : -1,
    },
  );
}
