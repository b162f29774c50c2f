import { StreamsArgumentError } from '../errors/streams-errors.js';

/** Sessions: records of a key closer than the inactivity gap merge into one window [first, last]. */
export class SessionWindows {
  private constructor(
    readonly inactivityGapMs: number,
    readonly graceMs: number,
  ) {}
  static ofInactivityGapWithNoGrace(gapMs: number): SessionWindows {
    return SessionWindows.ofInactivityGapAndGrace(gapMs, 0);
  }
  static ofInactivityGapAndGrace(gapMs: number, graceMs: number): SessionWindows {
    if (!Number.isSafeInteger(gapMs) || gapMs <= 0) throw new StreamsArgumentError(`inactivity gap must be > 0 ms, got ${gapMs}`);
    if (!Number.isSafeInteger(graceMs) || graceMs < 0) throw new StreamsArgumentError(`grace must be >= 0 ms, got ${graceMs}`);
    return new SessionWindows(gapMs, graceMs);
  }
  inactivityGap(): number {
    return this.inactivityGapMs;
  }
  gracePeriodMs(): number {
    return this.graceMs;
  }
}
