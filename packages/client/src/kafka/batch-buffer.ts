import type { FetchedBatch } from '../consumer/consumer.js';

interface Entry {
  readonly key: string;
  readonly batch: FetchedBatch;
}

/**
 * Batches kafkajs pushed, waiting for `poll()` to pull them. Only batches of unpaused partitions
 * count against the capacity, so a paused partition's leftovers never starve the others.
 */
export class BatchBuffer {
  private entries: Entry[] = [];
  private wakers: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  hasRoom(isPaused: (key: string) => boolean): boolean {
    let live = 0;
    for (const e of this.entries) if (!isPaused(e.key)) live++;
    return live < this.capacity;
  }

  push(key: string, batch: FetchedBatch): void {
    this.entries.push({ key, batch });
    this.wake();
  }

  /**
   * A batch without records (the position moved past markers or aborted records): replaces the
   * partition's newest entry when that is one too, so idle progress never piles up.
   */
  pushProgress(key: string, batch: FetchedBatch): void {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!;
      if (e.key !== key) continue;
      if (e.batch.records.length === 0) {
        this.entries[i] = { key, batch };
        this.wake();
        return;
      }
      break;
    }
    this.push(key, batch);
  }

  /** Removes and returns, in arrival order, the batches `deliverable` accepts. */
  take(deliverable: (key: string) => boolean): FetchedBatch[] {
    const out: FetchedBatch[] = [];
    const kept: Entry[] = [];
    for (const e of this.entries) {
      if (deliverable(e.key)) out.push(e.batch);
      else kept.push(e);
    }
    this.entries = kept;
    if (out.length > 0) this.wake();
    return out;
  }

  drop(key: string): void {
    this.entries = this.entries.filter((e) => e.key !== key);
    this.wake();
  }

  clear(): void {
    this.entries = [];
    this.wake();
  }

  /** Resolves on the next change (push, take, drop, clear, wake) or after `timeoutMs`. */
  changed(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const waker = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const i = this.wakers.indexOf(waker);
        if (i >= 0) this.wakers.splice(i, 1);
        resolve();
      }, Math.max(0, timeoutMs));
      this.wakers.push(waker);
    });
  }

  wake(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const w of wakers) w();
  }
}
