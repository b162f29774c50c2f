import path from 'node:path';
import { assertValidBatch } from '@tributary/protocol';
import { OffsetIndex } from '../segment/offset-index.js';
import { scanBatches } from '../segment/scan-batches.js';
import { Segment } from '../segment/segment.js';
import { CLEANED_SUFFIX, INDEX_SUFFIX, LOG_SUFFIX, parseSegmentFileName, segmentPath, SWAP_SUFFIX, TIME_INDEX_SUFFIX } from '../segment/segment-files.js';
import type { StorageFile, Storage } from '../storage/storage.js';
import { TimeIndex } from '../segment/time-index.js';
import type { PartitionState } from './partition-state.js';

export interface LoadOptions {
  storage: Storage;
  dir: string;
  state: PartitionState;
  /** The previous close was clean: trust indexes and only check segment tails. */
  clean: boolean;
  now: number;
  indexInterval: number;
}

export interface LoadResult {
  segments: Segment[];
  /** Bytes cut from torn or corrupt tails (and dropped later segments). */
  truncatedBytes: number;
}

/**
 * Opens a partition directory: finishes or discards interrupted compactions, loads each segment
 * (indexes when trusted, a validating scan otherwise), and truncates at the first torn or
 * corrupt batch, dropping any segment after it.
 */
export async function loadSegments(opts: LoadOptions): Promise<LoadResult> {
  const { storage, dir, state } = opts;
  await storage.mkdirp(dir);
  await finishInterruptedCompactions(storage, dir);

  const bases = (await storage.list(dir))
    .map((n) => parseSegmentFileName(n, LOG_SUFFIX))
    .filter((b): b is number => b !== undefined)
    .sort((a, b) => a - b);
  if (bases.length === 0) bases.push(state.logStartOffset);

  const segments: Segment[] = [];
  let truncatedBytes = 0;
  for (let i = 0; i < bases.length; i++) {
    const seg = new Segment(dir, bases[i]!, opts.now);
    const file = await seg.openFile(storage);
    const fileSize = await file.size();
    const nextBase = bases[i + 1];
    const isLast = nextBase === undefined;
    const needsScan = !opts.clean && (isLast || nextBase > state.recoveryPoint);
    const fromIndexes = !needsScan && (await loadFromIndexes(seg, storage, file, fileSize, nextBase, opts.indexInterval));
    if (!fromIndexes) {
      resetIndexes(seg);
      // The active segment was never compacted: its offsets must be contiguous.
      await scanInto(seg, file, 0, fileSize, seg.baseOffset, isLast, isLast, nextBase, opts.indexInterval);
    }
    seg.writtenSize = seg.size;
    segments.push(seg);
    if (seg.size < fileSize) {
      truncatedBytes += fileSize - seg.size;
      await file.truncate(seg.size);
      await file.datasync();
      // Offsets after a hole are not trustworthy: the log ends here.
      for (const later of bases.slice(i + 1)) {
        const doomed = new Segment(dir, later, opts.now);
        const f = await storage.open(doomed.logPath);
        truncatedBytes += await f.size();
        await f.close();
        await doomed.deleteFiles(storage);
      }
      if (!isLast && seg.size > 0) {
        // Appends go to a fresh segment so the active one never holds compacted gaps.
        seg.sealed = true;
        await seg.writeIndexes(storage);
        segments.push(new Segment(dir, seg.nextOffset, opts.now));
      }
      break;
    }
    if (!isLast) {
      seg.sealed = true;
      if (!fromIndexes) await seg.writeIndexes(storage);
    }
  }
  return { segments, truncatedBytes };
}

function resetIndexes(seg: Segment): void {
  seg.offsetIndex = new OffsetIndex();
  seg.timeIndex = new TimeIndex();
  seg.size = 0;
  seg.nextOffset = seg.baseOffset;
  seg.maxTimestamp = -1;
}

/**
 * Adds the valid batches in [start, end) to the segment; stops at the first that fails its
 * checks (length, magic, CRC, offsets). The first batch must start at `expected` when
 * `firstExact`; later ones right after their predecessor when `contiguous` (never-compacted
 * data), else anywhere after it. The offset fields sit outside the CRC, hence these checks.
 */
async function scanInto(
  seg: Segment, file: StorageFile, start: number, end: number, expected: number,
  firstExact: boolean, contiguous: boolean, nextBase: number | undefined, interval: number,
): Promise<void> {
  let first = true;
  for await (const b of scanBatches(file, start, end)) {
    let h;
    try {
      h = assertValidBatch(b.buf, b.pos);
    } catch {
      return;
    }
    const exact = contiguous || (first && firstExact);
    if (exact ? h.baseOffset !== expected : h.baseOffset < expected) return;
    if (h.lastOffsetDelta < 0) return;
    const last = h.baseOffset + h.lastOffsetDelta;
    if (nextBase !== undefined && last >= nextBase) return;
    seg.trackBatch(h.baseOffset, last, h.maxTimestamp, b.filePos, b.size, interval);
    expected = last + 1;
    first = false;
  }
}

async function loadFromIndexes(
  seg: Segment, storage: Storage, file: StorageFile, fileSize: number, nextBase: number | undefined, interval: number,
): Promise<boolean> {
  const [ib, tb] = await Promise.all([storage.readFile(seg.indexPath), storage.readFile(seg.timeIndexPath)]);
  if (!ib || !tb) return false;
  const offsetIndex = OffsetIndex.decode(ib, fileSize);
  const timeIndex = TimeIndex.decode(tb);
  if (!offsetIndex || !timeIndex) return false;
  seg.offsetIndex = offsetIndex;
  seg.timeIndex = timeIndex;
  seg.maxTimestamp = timeIndex.last()?.timestamp ?? -1;
  const last = offsetIndex.last();
  const start = last?.position ?? 0;
  const expected = seg.baseOffset + (last?.relOffset ?? 0);
  seg.size = start;
  seg.nextOffset = expected;
  // Only the tail after the last index entry is read; the entry must point at a real batch.
  await scanInto(seg, file, start, fileSize, expected, last !== undefined, false, nextBase, interval);
  return last === undefined ? true : seg.nextOffset > expected;
}

async function finishInterruptedCompactions(storage: Storage, dir: string): Promise<void> {
  for (const name of await storage.list(dir)) {
    if (name.endsWith(CLEANED_SUFFIX) || name.endsWith('.tmp')) {
      await storage.remove(path.join(dir, name));
      continue;
    }
    const base = parseSegmentFileName(name, LOG_SUFFIX + SWAP_SUFFIX);
    if (base === undefined) continue;
    // The swap file was complete and fsynced before it got its name: it replaces the segment.
    await storage.remove(segmentPath(dir, base, INDEX_SUFFIX));
    await storage.remove(segmentPath(dir, base, TIME_INDEX_SUFFIX));
    await storage.remove(segmentPath(dir, base, LOG_SUFFIX));
    await storage.rename(path.join(dir, name), segmentPath(dir, base, LOG_SUFFIX));
    await storage.syncDir(dir);
  }
}
