import type { Segment } from '../segment/segment.js';
import type { Storage } from '../storage/storage.js';

export interface PumpWrite {
  kind: 'write';
  segment: Segment;
  data: Buffer;
  endOffset: number;
  records: number;
  /** Resolve only after fsync. */
  durable: boolean;
  resolve(): void;
  reject(err: unknown): void;
}
/** The segment rolled: make it durable and write its indexes. */
export interface PumpSeal {
  kind: 'seal';
  segment: Segment;
}
/** Fsync whatever is written (flush.ms timer, flush(), close()). */
export interface PumpSync {
  kind: 'sync';
  resolve(): void;
  reject(err: unknown): void;
}
export type PumpItem = PumpWrite | PumpSeal | PumpSync;

export interface FlushPolicy {
  /** Every write is fsynced before the high watermark moves (group commit). */
  everyWrite: boolean;
  flushMessages: number;
  flushMs: number;
}

export interface PumpHost {
  readonly storage: Storage;
  flushPolicy(): FlushPolicy;
  seal(segment: Segment): Promise<void>;
  /** Data up to `endOffset` is readable under the policy. */
  advance(endOffset: number): void;
  fail(err: unknown): void;
}

/** Callbacks waiting for the next fsync to start and finish (durable acks, sync()). */
interface SyncGroup {
  waiters: Array<{ resolve(): void; reject(err: unknown): void }>;
  /** Segments written since the last fsync started (a seal fsyncs its own and takes it out). */
  segments: Set<Segment>;
  /** Highest end offset written for this group: the high watermark after its fsync (everyWrite). */
  endOffset: number;
}

function emptyGroup(): SyncGroup {
  return { waiters: [], segments: new Set(), endOffset: -1 };
}

/**
 * Serializes a partition's file I/O. Everything queued while a write runs goes out in the next
 * round as one writev; fsyncs run beside the writes, one at a time, each covering everything
 * written before it started: group commit without making acks=leader writes (or the next
 * group's write) wait behind the previous group's fdatasync.
 */
export class WritePump {
  private queue: PumpItem[] = [];
  private running = false;
  private unflushedRecords = 0;
  /** What the next fsync covers; swapped out when it starts. */
  private pending: SyncGroup = emptyGroup();
  private syncing = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private failed: unknown;

  constructor(private readonly host: PumpHost) {}

  enqueue(item: PumpItem): void {
    if (this.failed !== undefined) {
      if (item.kind !== 'seal') item.reject(this.failed);
      return;
    }
    this.queue.push(item);
    if (!this.running) void this.run();
  }

  /** Resolves once everything queued so far is written and fsynced. */
  sync(): Promise<void> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'sync', resolve, reject }));
  }

  stopTimer(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  private async run(): Promise<void> {
    this.running = true;
    let items: PumpItem[] = [];
    try {
      while (this.queue.length > 0) {
        // A background fsync failed: nothing more is written.
        if (this.failed !== undefined) throw this.failed;
        items = this.queue;
        this.queue = [];
        await this.round(items);
        items = [];
      }
    } catch (err) {
      this.fail(err, items);
    } finally {
      this.running = false;
    }
  }

  /** Stops the pump: every queued and waiting caller gets the error once; the host goes offline once. */
  private fail(err: unknown, items: PumpItem[] = []): void {
    const first = this.failed === undefined;
    this.failed ??= err;
    this.stopTimer();
    const group = this.pending;
    this.pending = emptyGroup();
    for (const it of [...items, ...this.queue.splice(0)]) if (it.kind !== 'seal') it.reject(this.failed);
    for (const w of group.waiters) w.reject(this.failed);
    if (first) this.host.fail(err);
  }

  private async round(items: PumpItem[]): Promise<void> {
    const { storage } = this.host;
    let wantSync = false;
    let endOffset = -1;
    for (let i = 0; i < items.length; ) {
      const it = items[i]!;
      if (it.kind === 'seal') {
        await this.host.seal(it.segment);
        // The seal fsynced it: later fsyncs need not (and it may be closed by retention).
        this.pending.segments.delete(it.segment);
        i++;
        continue;
      }
      if (it.kind === 'sync') {
        wantSync = true;
        i++;
        continue;
      }
      // One writev for the run of consecutive writes to the same segment.
      const segment = it.segment;
      const buffers: Buffer[] = [];
      let bytes = 0;
      let j = i;
      for (; j < items.length; j++) {
        const w = items[j]!;
        if (w.kind !== 'write' || w.segment !== segment) break;
        buffers.push(w.data);
        bytes += w.data.length;
        this.unflushedRecords += w.records;
        endOffset = w.endOffset;
        if (w.durable) wantSync = true;
      }
      const file = segment.file ?? (await segment.openFile(storage));
      await file.writev(buffers, segment.writtenSize);
      segment.writtenSize += bytes;
      this.pending.segments.add(segment);
      i = j;
    }

    const policy = this.host.flushPolicy();
    const sync = storage.durable && (wantSync || policy.everyWrite || this.unflushedRecords >= policy.flushMessages);
    if (!sync) {
      if (endOffset >= 0) this.host.advance(endOffset);
      for (const it of items) if (it.kind !== 'seal') it.resolve();
      this.armFlushTimer(policy);
      return;
    }
    // A background fsync failed while this round wrote: run() rejects the round's callers.
    if (this.failed !== undefined) throw this.failed;
    // acks=leader is done once written; durable acks wait for an fsync that starts after this
    // write (the pending group: one already running started before it, and is not joined).
    const group = this.pending;
    for (const it of items) {
      if (it.kind === 'write' && !it.durable) it.resolve();
      else if (it.kind !== 'seal') group.waiters.push(it);
    }
    if (endOffset >= 0) {
      if (policy.everyWrite) group.endOffset = Math.max(group.endOffset, endOffset);
      else this.host.advance(endOffset);
    }
    this.startSync();
  }

  /** Starts an fsync of what is pending unless one runs; when it ends, starts the next if needed. */
  private startSync(): void {
    if (this.syncing || this.failed !== undefined) return;
    const group = this.pending;
    if (group.waiters.length === 0 && group.endOffset < 0 && group.segments.size === 0) return;
    this.pending = emptyGroup();
    this.unflushedRecords = 0;
    this.stopTimer();
    this.syncing = true;
    void this.fsync(group).then(
      () => {
        this.syncing = false;
        if (group.endOffset >= 0) this.host.advance(group.endOffset);
        for (const w of group.waiters) w.resolve();
        // Writes that landed during this fsync wait for the next one.
        if (this.pending.waiters.length > 0 || this.pending.endOffset >= 0) this.startSync();
      },
      (err: unknown) => {
        this.syncing = false;
        for (const w of group.waiters) w.reject(err);
        this.fail(err);
      },
    );
  }

  private async fsync(group: SyncGroup): Promise<void> {
    for (const segment of group.segments) {
      const file = segment.file;
      if (!file) continue;
      // Holds the file open against a concurrent close (retention, delete) until the fsync ends.
      segment.acquire();
      try {
        await file.datasync();
      } finally {
        segment.release();
      }
    }
  }

  private armFlushTimer(policy: FlushPolicy): void {
    if (this.flushTimer || this.unflushedRecords === 0 || policy.flushMs >= 2 ** 31 - 1) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.sync().catch(() => {});
    }, policy.flushMs);
    this.flushTimer.unref();
  }
}
