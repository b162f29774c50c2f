import { BatchAttributes, setBaseOffset, setLogAppendTime } from '@tributary/protocol';
import type { RecordBatchHeader } from '@tributary/protocol';
import { PartitionProducerState } from '../coordinator/producer-state/producer-state.js';
import type { TopicConfig } from '../config/topic-config.js';
import { LogClosedError, OffsetOutOfRangeError, StorageError, UnknownTopicError } from '../errors/log-errors.js';
import { Segment } from '../segment/segment.js';
import { DataWaiters } from './data-waiters.js';
import { writePartitionState } from './partition-state.js';
import { findOffsetByTimestamp } from './find-offset-by-timestamp.js';
import { WritePump } from './write-pump.js';
import type { FlushPolicy, PumpHost } from './write-pump.js';
import { validateBatches } from './validate-batches.js';
import { checkProducerBatch, rebuildProducerState } from './producer-batches.js';
import type {
  AppendOptions, AppendResult, ListOffsetResult, OffsetSpec, PartitionContext, PartitionInfo, ReadOptions, ReadResult, SegmentInfo,
} from './partition-types.js';

const EMPTY = Buffer.alloc(0);
const DEFAULT_MAX_BYTES = 1024 * 1024;
/** Offset-index entries hold int32 relative offsets and positions. */
const MAX_RELATIVE = 2 ** 31 - 1;

/**
 * One partition: appends (validated, offsets assigned in place, group-committed), reads by
 * offset, long-poll waits, ListOffsets, DeleteRecords. The broker can hold on to this object
 * to skip per-request lookups.
 */
export class LogPartition {
  private segmentList: Segment[];
  private lso: number;
  private leo: number;
  private hw: number;
  private recoveryPoint: number;
  private readonly waiters = new DataWaiters();
  private readonly producers = new PartitionProducerState();
  private readonly pump: WritePump;
  private offline: unknown;
  private deleted = false;
  private maintenance: Promise<unknown> = Promise.resolve();
  /** Cleaner bookkeeping: end offset of the region compacted last time. */
  compactedUpTo = -1;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly dir: string,
    private readonly ctx: PartitionContext,
    segments: Segment[],
    logStartOffset: number,
  ) {
    this.segmentList = segments;
    const active = segments[segments.length - 1]!;
    this.leo = active.nextOffset;
    this.hw = this.leo;
    this.recoveryPoint = active.baseOffset;
    // Compaction may drop a whole first segment: offsets in that gap stay readable (as the next batch).
    this.lso = Math.min(logStartOffset, this.leo);
    const host: PumpHost = {
      storage: ctx.storage,
      flushPolicy: () => this.flushPolicy(),
      seal: (segment) => this.seal(segment),
      advance: (endOffset) => this.advance(endOffset),
      fail: (err) => this.goOffline(err),
    };
    this.pump = new WritePump(host);
  }

  get logStartOffset(): number {
    return this.lso;
  }
  /** Offsets below this are acknowledged under the topic's flush policy and readable. */
  get highWatermark(): number {
    return this.hw;
  }
  /** Next offset to assign (appends may still be in flight below it). */
  get logEndOffset(): number {
    return this.leo;
  }

  /** @internal current segments, oldest first (the array is replaced, never mutated). */
  get segments(): readonly Segment[] {
    return this.segmentList;
  }

  get config(): TopicConfig {
    return this.ctx.config();
  }

  /** First offset of the earliest open transaction, else the high watermark (read_committed's limit). */
  get lastStableOffset(): number {
    return Math.min(this.producers.lastStableOffset(this.hw), this.hw);
  }

  /** Aborted transactions a read_committed fetch from `fetchOffset` returning data below `upperBound` must report. */
  abortedTransactions(fetchOffset: number, upperBound: number): { producerId: number; firstOffset: number }[] {
    return this.producers.abortedTransactions(fetchOffset, upperBound);
  }

  /** Idempotence and transaction state (epochs, sequences, open and aborted transactions). */
  get producerState(): PartitionProducerState {
    return this.producers;
  }

  /**
   * Appends one or more RecordBatch v2 buffers. The bytes are validated (CRC, magic, sizes)
   * and then owned by the log: offsets (and LogAppendTime) are written into them in place.
   */
  append(batches: Buffer, opts?: AppendOptions): Promise<AppendResult> {
    let result: AppendResult;
    let segment: Segment;
    let endOffset: number;
    let records = 0;
    const cfg = this.ctx.config();
    try {
      this.checkUsable();
      const headers = validateBatches(batches, cfg['max.message.bytes']);
      // Checked and recorded in the same synchronous step that assigns offsets: no interleaving.
      const duplicateOf = checkProducerBatch(this.producers, batches, headers, this.leo);
      if (duplicateOf !== undefined) return this.answerDuplicate(duplicateOf, headers[0]!, opts?.acks);
      const now = this.ctx.now();
      segment = this.activeFor(batches.length, headers, now, cfg);
      const logAppend = cfg['message.timestamp.type'] === 'LogAppendTime';
      const interval = cfg['index.interval.bytes'];
      const baseOffset = this.leo;
      let offset = baseOffset;
      let pos = 0;
      for (const h of headers) {
        const size = 12 + h.batchLength;
        setBaseOffset(batches, pos, offset);
        if (logAppend) setLogAppendTime(batches, pos, now);
        const last = offset + h.lastOffsetDelta;
        segment.trackBatch(offset, last, logAppend ? now : h.maxTimestamp, segment.size, size, interval);
        records += h.recordCount;
        offset = last + 1;
        pos += size;
      }
      this.leo = offset;
      endOffset = offset;
      result = { baseOffset, lastOffset: offset - 1, logAppendTime: logAppend ? now : -1, logStartOffset: this.lso };
    } catch (err) {
      return Promise.reject(err);
    }
    const acks = opts?.acks;
    const durable = acks === 'durable' || (acks === undefined && cfg['flush.messages'] <= 1);
    if (acks === 'none') {
      this.pump.enqueue({ kind: 'write', segment, data: batches, endOffset, records, durable: false, resolve: noop, reject: noop });
      return Promise.resolve(result);
    }
    return new Promise((resolve, reject) => {
      this.pump.enqueue({ kind: 'write', segment, data: batches, endOffset, records, durable, resolve: () => resolve(result), reject });
    });
  }

  /** A retried batch already in the log: answer its original offsets once they are acknowledged. */
  private answerDuplicate(baseOffset: number, header: RecordBatchHeader, acks: AppendOptions['acks']): Promise<AppendResult> {
    const lastOffset = baseOffset + header.lastOffsetDelta;
    const logAppend = (header.attributes & BatchAttributes.timestampTypeLogAppend) !== 0;
    const result: AppendResult = { baseOffset, lastOffset, logAppendTime: logAppend ? header.maxTimestamp : -1, logStartOffset: this.lso };
    if (acks === 'none' || this.hw > lastOffset) return Promise.resolve(result);
    return this.pump.sync().then(() => result);
  }

  /** @internal rebuilds producer state from the retained batches (at open, after recovery). */
  async rebuildProducerState(): Promise<void> {
    await rebuildProducerState(this.producers, this.lso, this.leo, (offset) => this.read(offset, { maxBytes: 4 << 20 }));
    this.producers.onLogStartOffset(this.lso);
  }

  /** Whole batches from the one holding `offset`, up to `maxBytes` (at least one batch). */
  async read(offset: number, opts?: ReadOptions): Promise<ReadResult> {
    this.checkUsable();
    const maxBytes = opts?.maxBytes ?? DEFAULT_MAX_BYTES;
    const interval = this.ctx.config()['index.interval.bytes'];
    for (;;) {
      const hw = this.hw;
      const lso = this.lso;
      if (offset < lso || offset > this.leo || !Number.isSafeInteger(offset)) throw new OffsetOutOfRangeError(offset, lso, this.leo);
      if (offset >= hw) return { batches: EMPTY, highWatermark: hw, logStartOffset: lso };
      const segments = this.segmentList;
      let retired = false;
      for (let i = segmentIndexFor(segments, offset); i < segments.length; i++) {
        const seg = segments[i]!;
        const batches = await seg.readFrom(offset, maxBytes, hw, interval);
        if (batches) return { batches, highWatermark: hw, logStartOffset: lso };
        if (seg.retired) {
          retired = true;
          break;
        }
      }
      // A compaction or retention swapped segments under us: look again.
      if (!retired) return { batches: EMPTY, highWatermark: hw, logStartOffset: lso };
    }
  }

  /** Resolves true once the high watermark passes `offset`, false on timeout, abort or close. */
  waitForData(offset: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.hw > offset) return Promise.resolve(true);
    if (this.offline !== undefined || this.deleted) return Promise.resolve(false);
    return this.waiters.wait(offset, timeoutMs, signal);
  }

  /** ListOffsets: earliest, latest (the high watermark), or the first offset with timestamp ≥ t. */
  async listOffset(spec: OffsetSpec): Promise<ListOffsetResult> {
    this.checkUsable();
    if (spec === 'earliest') return { offset: this.lso, timestamp: -1 };
    if (spec === 'latest') return { offset: this.hw, timestamp: -1 };
    return findOffsetByTimestamp(this.segmentList, spec.timestamp, this.lso, this.hw);
  }

  /** DeleteRecords: moves the log start offset up to `offset` (-1: the high watermark). */
  async deleteRecords(offset: number): Promise<{ logStartOffset: number }> {
    this.checkUsable();
    const target = offset === -1 ? this.hw : offset;
    if (!Number.isSafeInteger(target) || target < 0 || target > this.hw) throw new OffsetOutOfRangeError(offset, this.lso, this.hw);
    return this.exclusive(async () => {
      if (target > this.lso) {
        this.lso = target;
        this.producers.onLogStartOffset(target);
        await this.persistState();
        await this.deleteOldestSegments((seg) => seg.nextOffset <= this.lso);
      }
      return { logStartOffset: this.lso };
    });
  }

  /** Starts a new segment now (when the active one holds data); admin and tests. */
  async roll(): Promise<void> {
    this.checkUsable();
    const active = this.segmentList[this.segmentList.length - 1]!;
    if (active.size > 0) this.rollTo(this.ctx.now());
    await this.pump.sync();
  }

  /** Resolves once every acknowledged-or-queued write is fsynced. */
  async flush(): Promise<void> {
    this.checkUsable();
    await this.pump.sync();
  }

  describe(): PartitionInfo {
    let sizeBytes = 0;
    for (const s of this.segmentList) sizeBytes += s.size;
    return { partition: this.partition, logStartOffset: this.lso, highWatermark: this.hw, logEndOffset: this.leo, sizeBytes };
  }

  describeSegments(): SegmentInfo[] {
    const segs = this.segmentList;
    return segs.map((s, i) => ({
      baseOffset: s.baseOffset,
      nextOffset: s.nextOffset,
      sizeBytes: s.size,
      maxTimestamp: s.maxTimestamp,
      active: i === segs.length - 1,
    }));
  }

  /** @internal runs `fn` after any retention, compaction or DeleteRecords in progress. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.maintenance.then(fn, fn);
    this.maintenance = run.catch(() => {});
    return run;
  }

  /** @internal drops the oldest non-active segments while `eligible` holds; returns how many. */
  async deleteOldestSegments(eligible: (seg: Segment) => boolean): Promise<number> {
    const segs = this.segmentList;
    let n = 0;
    while (n < segs.length - 1 && segs[n]!.sealed && eligible(segs[n]!)) n++;
    if (n === 0) return 0;
    const doomed = segs.slice(0, n);
    this.segmentList = segs.slice(n);
    const first = this.segmentList[0]!.baseOffset;
    if (first > this.lso) {
      this.lso = Math.min(first, this.leo);
      this.producers.onLogStartOffset(this.lso);
      await this.persistState();
    }
    for (const seg of doomed) {
      seg.retired = true;
      await seg.deleteFiles(this.ctx.storage);
    }
    return n;
  }

  /** @internal swaps a compacted segment in (or drops it when `replacement` is undefined). */
  replaceSegment(old: Segment, replacement: Segment | undefined): void {
    this.segmentList = this.segmentList.flatMap((s) => (s === old ? (replacement ? [replacement] : []) : [s]));
    old.retired = true;
  }

  /** @internal flushes, writes the active segment's indexes and the recovery point, closes files. */
  async close(): Promise<void> {
    this.waiters.releaseAll();
    this.pump.stopTimer();
    if (this.offline === undefined) {
      await this.pump.sync();
      await this.maintenance;
      const active = this.segmentList[this.segmentList.length - 1]!;
      if (active.file || active.size > 0) {
        await active.openFile(this.ctx.storage);
        await active.writeIndexes(this.ctx.storage);
      }
      this.recoveryPoint = this.leo;
      await this.persistState();
    }
    this.offline ??= new LogClosedError();
    for (const seg of this.segmentList) await seg.close();
  }

  /** @internal the topic is being deleted: refuse further calls, close files. */
  async markDeleted(): Promise<void> {
    this.deleted = true;
    this.waiters.releaseAll();
    this.pump.stopTimer();
    await this.pump.sync().catch(() => {});
    await this.maintenance;
    for (const seg of this.segmentList) await seg.close();
  }

  private checkUsable(): void {
    this.ctx.checkOpen();
    if (this.deleted) throw new UnknownTopicError(this.topic, this.partition);
    if (this.offline !== undefined) {
      if (this.offline instanceof LogClosedError) throw this.offline;
      throw new StorageError(`partition ${this.topic}-${this.partition} is offline after an I/O error; reopen the log`, { cause: this.offline });
    }
  }

  /** The segment the next append goes to, rolling by size, age or offset range. */
  private activeFor(bytes: number, headers: readonly RecordBatchHeader[], now: number, cfg: TopicConfig): Segment {
    const active = this.segmentList[this.segmentList.length - 1]!;
    if (active.size === 0) return active;
    let span = 0;
    for (const h of headers) span += h.lastOffsetDelta + 1;
    const full = active.size + bytes > cfg['segment.bytes'] || active.size + bytes > MAX_RELATIVE;
    const old = now - active.createdAt >= cfg['segment.ms'];
    const offsetsOverflow = this.leo + span - active.baseOffset > MAX_RELATIVE;
    return full || old || offsetsOverflow ? this.rollTo(now) : active;
  }

  private rollTo(now: number): Segment {
    const old = this.segmentList[this.segmentList.length - 1]!;
    const next = new Segment(this.dir, this.leo, now);
    this.segmentList = [...this.segmentList, next];
    this.pump.enqueue({ kind: 'seal', segment: old });
    return next;
  }

  private async seal(segment: Segment): Promise<void> {
    const { storage } = this.ctx;
    const file = await segment.openFile(storage);
    await file.datasync();
    await segment.writeIndexes(storage);
    segment.sealed = true;
    this.recoveryPoint = Math.max(this.recoveryPoint, segment.nextOffset);
    await this.persistState();
  }

  private persistState(): Promise<void> {
    return writePartitionState(this.ctx.storage, this.dir, { logStartOffset: this.lso, recoveryPoint: this.recoveryPoint });
  }

  private flushPolicy(): FlushPolicy {
    const cfg = this.ctx.config();
    return { everyWrite: cfg['flush.messages'] <= 1, flushMessages: cfg['flush.messages'], flushMs: cfg['flush.ms'] };
  }

  private advance(endOffset: number): void {
    if (endOffset <= this.hw) return;
    this.hw = endOffset;
    this.waiters.advance(endOffset);
  }

  private goOffline(err: unknown): void {
    this.offline = err;
    this.waiters.releaseAll();
    this.ctx.logger.error({ err, topic: this.topic, partition: this.partition }, 'partition offline after an I/O error');
  }
}

function noop(): void {}

/** Index of the last segment whose base offset is at or below `offset` (0 if none). */
function segmentIndexFor(segments: readonly Segment[], offset: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (segments[mid]!.baseOffset <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
