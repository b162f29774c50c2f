import { StreamsArgumentError } from '../errors/streams-errors.js';

/**
 * Stream-stream join window: a left record at t joins right records in [t - before, t + after],
 * both bounds inclusive. Stores keep records for before + after + grace.
 */
export class JoinWindows {
  private constructor(
    readonly beforeMs: number,
    readonly afterMs: number,
    readonly graceMs: number,
  ) {}
  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): JoinWindows {
    return JoinWindows.ofTimeDifferenceAndGrace(timeDifferenceMs, 0);
  }
  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): JoinWindows {
    if (!Number.isSafeInteger(timeDifferenceMs) || timeDifferenceMs < 0) throw new StreamsArgumentError(`time difference must be >= 0 ms, got ${timeDifferenceMs}`);
    if (!Number.isSafeInteger(graceMs) || graceMs < 0) throw new StreamsArgumentError(`grace must be >= 0 ms, got ${graceMs}`);
    return new JoinWindows(timeDifferenceMs, timeDifferenceMs, graceMs);
  }
  /** Sets how far before a left record right records may be; `before + after` must stay >= 0. */
  before(ms: number): JoinWindows {
    if (ms + this.afterMs < 0) throw new StreamsArgumentError('window size (before + after) must not be negative');
    return new JoinWindows(ms, this.afterMs, this.graceMs);
  }
  after(ms: number): JoinWindows {
    if (ms + this.beforeMs < 0) throw new StreamsArgumentError('window size (before + after) must not be negative');
    return new JoinWindows(this.beforeMs, ms, this.graceMs);
  }
  size(): number {
    return this.beforeMs + this.afterMs;
  }
  gracePeriodMs(): number {
    return this.graceMs;
  }
}
