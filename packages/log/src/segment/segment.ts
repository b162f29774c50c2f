import { BatchOffsets, batchSizeAt } from '@tributary/protocol';
import type { Storage, StorageFile } from '../storage/storage.js';
import { OffsetIndex } from './offset-index.js';
import { TimeIndex } from './time-index.js';
import { INDEX_SUFFIX, LOG_SUFFIX, segmentPath, TIME_INDEX_SUFFIX } from './segment-files.js';

const TWO_32 = 0x1_0000_0000;

/** baseOffset of the batch at `pos` (already validated bytes, so no range checks). */
export function batchBaseOffset(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * TWO_32 + buf.readUInt32BE(pos + 4);
}

export function batchLastOffset(buf: Buffer, pos: number): number {
  return batchBaseOffset(buf, pos) + buf.readInt32BE(pos + BatchOffsets.lastOffsetDelta);
}

export function batchMaxTimestamp(buf: Buffer, pos: number): number {
  const at = pos + BatchOffsets.maxTimestamp;
  return buf.readInt32BE(at) * TWO_32 + buf.readUInt32BE(at + 4);
}

/**
 * One segment: a `.log` file of RecordBatch v2 bytes named by its base offset, with sparse
 * offset and time indexes kept in memory (written to `.index`/`.timeindex` when sealed).
 */
export class Segment {
  /** One past the last offset assigned here (appends may still be queued). */
  nextOffset: number;
  /** Bytes assigned, queued writes included. */
  size = 0;
  /** Bytes known to be in the file: the bound for reads. */
  writtenSize = 0;
  maxTimestamp = -1;
  offsetIndex = new OffsetIndex();
  timeIndex = new TimeIndex();
  /** No more appends: data and indexes are on disk. */
  sealed = false;
  /** Replaced or deleted: readers holding it must look up the segments again. */
  retired = false;
  file: StorageFile | undefined;
  private bytesSinceIndexEntry = 0;
  private readers = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly dir: string,
    readonly baseOffset: number,
    /** Wall-clock ms the segment was created (or loaded): segment.ms rolls by it. */
    readonly createdAt: number,
  ) {
    this.nextOffset = baseOffset;
  }

  get logPath(): string {
    return segmentPath(this.dir, this.baseOffset, LOG_SUFFIX);
  }
  get indexPath(): string {
    return segmentPath(this.dir, this.baseOffset, INDEX_SUFFIX);
  }
  get timeIndexPath(): string {
    return segmentPath(this.dir, this.baseOffset, TIME_INDEX_SUFFIX);
  }

  /** Accounts a batch placed at `position` and adds index entries every `interval` bytes. */
  trackBatch(baseOffset: number, lastOffset: number, maxTimestamp: number, position: number, size: number, interval: number): void {
    if (maxTimestamp > this.maxTimestamp) this.maxTimestamp = maxTimestamp;
    if (this.bytesSinceIndexEntry >= interval) {
      this.offsetIndex.add(baseOffset - this.baseOffset, position);
      this.timeIndex.maybeAdd(this.maxTimestamp, lastOffset - this.baseOffset);
      this.bytesSinceIndexEntry = 0;
    }
    this.bytesSinceIndexEntry += size;
    this.nextOffset = lastOffset + 1;
    this.size = position + size;
  }

  /** Records the final maximum so a reload finds it in the time index. */
  finishTimeIndex(): void {
    if (this.nextOffset > this.baseOffset) this.timeIndex.maybeAdd(this.maxTimestamp, this.nextOffset - 1 - this.baseOffset);
  }

  async openFile(storage: Storage): Promise<StorageFile> {
    this.file ??= await storage.open(this.logPath);
    return this.file;
  }

  async writeIndexes(storage: Storage): Promise<void> {
    this.finishTimeIndex();
    await storage.writeFile(this.indexPath, this.offsetIndex.encode());
    await storage.writeFile(this.timeIndexPath, this.timeIndex.encode());
  }

  /**
   * Whole batches from the one holding `offset` (or the first after it) up to `maxBytes`, at
   * least one, none at or past `limitOffset`. Undefined when this segment has none.
   */
  async readFrom(offset: number, maxBytes: number, limitOffset: number, interval: number): Promise<Buffer | undefined> {
    const file = this.file;
    if (!file || offset >= this.nextOffset) return undefined;
    this.readers++;
    try {
      let filePos = this.offsetIndex.lookup(offset - this.baseOffset);
      // The target sits at most one index interval (plus a batch) past the entry.
      let want = maxBytes + interval + 16 * 1024;
      while (filePos < this.writtenSize) {
        const buf = await file.read(filePos, Math.min(want, this.writtenSize - filePos));
        let p = 0;
        for (;;) {
          const size = batchSizeAt(buf, p);
          if (size === undefined || p + size > buf.length) break;
          if (batchLastOffset(buf, p) >= offset) {
            if (batchBaseOffset(buf, p) >= limitOffset) return undefined;
            return takeBatches(buf, p, size, maxBytes, limitOffset);
          }
          p += size;
        }
        if (p === 0) {
          // A batch bigger than the read: fetch it whole.
          const size = batchSizeAt(buf, 0);
          if (size === undefined || filePos + size > this.writtenSize || want >= size) return undefined;
          want = size + maxBytes;
          continue;
        }
        filePos += p;
      }
      return undefined;
    } finally {
      this.release();
    }
  }

  acquire(): void {
    this.readers++;
  }

  release(): void {
    if (--this.readers === 0) {
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /** Resolves once no read holds the file (before closing or deleting it). */
  whenIdle(): Promise<void> {
    if (this.readers === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    while (this.readers > 0) await this.whenIdle();
    const file = this.file;
    this.file = undefined;
    await file?.close();
  }

  async deleteFiles(storage: Storage): Promise<void> {
    await this.close();
    await storage.remove(this.logPath);
    await storage.remove(this.indexPath);
    await storage.remove(this.timeIndexPath);
  }
}

/** The first batch plus following whole batches while they fit `maxBytes` and stay below the limit. */
function takeBatches(buf: Buffer, start: number, firstSize: number, maxBytes: number, limitOffset: number): Buffer {
  let end = start + firstSize;
  for (;;) {
    const size = batchSizeAt(buf, end);
    if (size === undefined || end + size > buf.length || end + size - start > maxBytes) break;
    if (batchBaseOffset(buf, end) >= limitOffset) break;
    end += size;
  }
  return buf.subarray(start, end);
}
