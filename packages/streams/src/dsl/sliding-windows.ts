import { StreamsArgumentError } from '../errors/streams-errors.js';

/** Windows [t - d, t] with both ends included, created per distinct set of records (KIP-450). */
export class SlidingWindows {
  private constructor(
    readonly timeDifferenceMs: number,
    readonly graceMs: number,
  ) {}
  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): SlidingWindows {
    return SlidingWindows.ofTimeDifferenceAndGrace(timeDifferenceMs, 0);
  }
  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): SlidingWindows {
    if (!Number.isSafeInteger(timeDifferenceMs) || timeDifferenceMs < 0) throw new StreamsArgumentError(`time difference must be >= 0 ms, got ${timeDifferenceMs}`);
    if (!Number.isSafeInteger(graceMs) || graceMs < 0) throw new StreamsArgumentError(`grace must be >= 0 ms, got ${graceMs}`);
    return new SlidingWindows(timeDifferenceMs, graceMs);
  }
  gracePeriodMs(): number {
    return this.graceMs;
  }
}
