/**
 * Wakes a parked poll(): a rebalance flagged by a heartbeat, a seek, a resume or a disconnect
 * aborts the current wait's signal, which releases the log's data waiters at once.
 */
export class PollWaker {
  private controller = new AbortController();

  /** Signal for the next wait: the pending wake-up's aborted signal (once), else a live one. */
  signal(): AbortSignal {
    const signal = this.controller.signal;
    if (signal.aborted) this.controller = new AbortController();
    return signal;
  }

  wake(): void {
    this.controller.abort();
  }

  /** Waits for `work` up to `timeoutMs` or a wake-up; undefined when it did not settle. Rejects with its error. */
  async race<T>(work: Promise<T>, timeoutMs: number): Promise<T | undefined> {
    let settled = false;
    let value: T | undefined;
    const done = work.then((v) => {
      settled = true;
      value = v;
    });
    await this.sleep(done, timeoutMs);
    return settled ? value : undefined;
  }

  /** Resolves when `until` settles, `timeoutMs` passes or a wake-up comes (the signal is consumed). */
  sleep(until: Promise<unknown>, timeoutMs: number): Promise<void> {
    const signal = this.signal();
    if (signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', finish);
        resolve();
      };
      const timer = setTimeout(finish, Math.max(0, timeoutMs));
      signal.addEventListener('abort', finish, { once: true });
      until.then(finish, (error: unknown) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', finish);
        reject(error as Error);
      });
    });
  }
}
