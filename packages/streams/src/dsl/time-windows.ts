import { StreamsArgumentError } from '../errors/streams-errors.js';
import { Window } from './windowed.js';

function checkMs(name: string, v: number, min = 0): void {
  if (!Number.isSafeInteger(v) || v < min) throw new StreamsArgumentError(`${name} must be an integer >= ${min} ms, got ${v}`);
}

/** Tumbling (advance == size) or hopping windows, half-open [start, end), aligned to epoch 0. */
export class TimeWindows {
  private constructor(
    readonly sizeMs: number,
    readonly advanceMs: number,
    readonly graceMs: number,
  ) {}

  static ofSizeWithNoGrace(sizeMs: number): TimeWindows {
    return TimeWindows.ofSizeAndGrace(sizeMs, 0);
  }
  static ofSizeAndGrace(sizeMs: number, graceMs: number): TimeWindows {
    checkMs('window size', sizeMs, 1);
    checkMs('grace', graceMs);
    return new TimeWindows(sizeMs, sizeMs, graceMs);
  }
  /** Hopping windows: a new window every `advanceMs` (0 < advance <= size). */
  advanceBy(advanceMs: number): TimeWindows {
    checkMs('advance', advanceMs, 1);
    if (advanceMs > this.sizeMs) throw new StreamsArgumentError(`advance (${advanceMs}) must not exceed the window size (${this.sizeMs})`);
    return new TimeWindows(this.sizeMs, advanceMs, this.graceMs);
  }
  size(): number {
    return this.sizeMs;
  }
  gracePeriodMs(): number {
    return this.graceMs;
  }
  /** Every window containing `timestamp`, ascending by start: start = n*advance with ts - size < start <= ts. */
  windowsFor(timestamp: number): Window[] {
    const out: Window[] = [];
    let start = Math.floor(Math.max(0, timestamp - this.sizeMs + this.advanceMs) / this.advanceMs) * this.advanceMs;
    for (; start <= timestamp; start += this.advanceMs) out.push(new Window(start, start + this.sizeMs));
    return out;
  }
}
