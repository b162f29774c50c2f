/** Time source and timers the coordinators use, injectable so tests run on a fake clock. */
export interface Scheduler {
  now(): number;
  /** Runs `fn` once after `delayMs`; returns a handle for `cancel`. */
  schedule(delayMs: number, fn: () => void): TimerHandle;
  cancel(handle: TimerHandle): void;
}

export interface TimerHandle {
  readonly id: number;
}

/** Real wall clock and Node timers (unref'd: coordinator timers never keep a process alive). */
export function systemScheduler(): Scheduler {
  const timers = new Map<number, NodeJS.Timeout>();
  let nextId = 1;
  return {
    now: () => Date.now(),
    schedule(delayMs, fn) {
      const id = nextId++;
      const t = setTimeout(() => {
        timers.delete(id);
        fn();
      }, Math.max(0, delayMs));
      t.unref();
      timers.set(id, t);
      return { id };
    },
    cancel(handle) {
      const t = timers.get(handle.id);
      if (t !== undefined) {
        clearTimeout(t);
        timers.delete(handle.id);
      }
    },
  };
}

/**
 * Deterministic scheduler: time only moves when `advance` is called, and due timers fire in
 * (due time, creation) order. Used by tests here and by other packages' tests.
 */
export class ManualScheduler implements Scheduler {
  private time: number;
  private nextId = 1;
  private readonly pending = new Map<number, { due: number; fn: () => void }>();

  constructor(startMs = 0) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  schedule(delayMs: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    this.pending.set(id, { due: this.time + Math.max(0, delayMs), fn });
    return { id };
  }

  cancel(handle: TimerHandle): void {
    this.pending.delete(handle.id);
  }

  /** Number of timers not yet fired. */
  get pendingTimers(): number {
    return this.pending.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due (including ones they schedule). */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      let nextKey = -1;
      let nextDue = Infinity;
      for (const [id, t] of this.pending) {
        if (t.due <= target && (t.due < nextDue || (t.due === nextDue && id < nextKey))) {
          nextDue = t.due;
          nextKey = id;
        }
      }
      if (nextKey < 0) break;
      const timer = this.pending.get(nextKey)!;
      this.pending.delete(nextKey);
      this.time = Math.max(this.time, timer.due);
      timer.fn();
    }
    this.time = target;
  }
}
