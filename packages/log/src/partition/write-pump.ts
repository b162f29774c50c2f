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

/**
 * Serializes a partition's file I/O. Everything queued while a write or fsync runs goes out in
 * the next round as one writev and shares one fdatasync: group commit.
 */
export class WritePump {
  private queue: PumpItem[] = [];
  private running = false;
  private unflushedRecords = 0;
  private lastWritten: Segment | undefined;
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
        items = this.queue;
        this.queue = [];
        await this.round(items);
        items = [];
      }
    } catch (err) {
      this.failed = err;
      this.stopTimer();
      for (const it of [...items, ...this.queue.splice(0)]) if (it.kind !== 'seal') it.reject(err);
      this.host.fail(err);
    } finally {
      this.running = false;
    }
  }

  private async round(items: PumpItem[]): Promise<void> {
    const { storage } = this.host;
    let wantSync = false;
    let endOffset = -1;
    for (let i = 0; i < items.length; ) {
      const it = items[i]!;
      if (it.kind === 'seal') {
        await this.host.seal(it.segment);
        if (this.lastWritten === it.segment) this.lastWritten = undefined;
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
      this.lastWritten = segment;
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
    // acks=leader is done once written; durable acks wait for the shared fdatasync.
    for (const it of items) if (it.kind === 'write' && !it.durable) it.resolve();
    if (endOffset >= 0 && !policy.everyWrite) this.host.advance(endOffset);
    const file = this.lastWritten?.file;
    if (file) await file.datasync();
    this.unflushedRecords = 0;
    this.stopTimer();
    if (endOffset >= 0 && policy.everyWrite) this.host.advance(endOffset);
    for (const it of items) if (it.kind === 'sync' || (it.kind === 'write' && it.durable)) it.resolve();
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
