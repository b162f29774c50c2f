interface Waiter {
  offset: number;
  resolve(hasData: boolean): void;
  timer: NodeJS.Timeout | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** Long-poll fetches parked until the high watermark passes their offset; woken by appends. */
export class DataWaiters {
  private readonly waiters = new Set<Waiter>();

  wait(offset: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const w: Waiter = { offset, resolve, timer: undefined, signal, onAbort: undefined };
      if (Number.isFinite(timeoutMs)) w.timer = setTimeout(() => this.settle(w, false), Math.max(0, timeoutMs));
      if (signal) {
        w.onAbort = () => this.settle(w, false);
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.waiters.add(w);
    });
  }

  /** Wakes every waiter whose offset is now below `highWatermark`. */
  advance(highWatermark: number): void {
    if (this.waiters.size === 0) return;
    for (const w of this.waiters) if (w.offset < highWatermark) this.settle(w, true);
  }

  /** Releases everyone with "no data" (close, topic deletion). */
  releaseAll(): void {
    for (const w of this.waiters) this.settle(w, false);
  }

  private settle(w: Waiter, hasData: boolean): void {
    if (!this.waiters.delete(w)) return;
    if (w.timer) clearTimeout(w.timer);
    if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
    w.resolve(hasData);
  }
}
