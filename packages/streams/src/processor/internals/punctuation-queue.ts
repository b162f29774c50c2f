import type { Cancellable, Punctuator } from '../punctuation.js';

interface Schedule {
  next: number;
  readonly interval: number;
  readonly punctuator: Punctuator;
  readonly run: (punctuator: Punctuator, time: number) => void;
  cancelled: boolean;
}

/** Due schedules fire once per check with the current time; missed intervals are skipped. */
export class PunctuationQueue {
  private schedules: Schedule[] = [];

  schedule(first: number, interval: number, punctuator: Punctuator, run: Schedule['run']): Cancellable {
    const s: Schedule = { next: first, interval, punctuator, run, cancelled: false };
    this.schedules.push(s);
    return {
      cancel: () => {
        s.cancelled = true;
        this.schedules = this.schedules.filter((x) => x !== s);
      },
    };
  }

  /** Returns true if anything fired. */
  mayPunctuate(now: number): boolean {
    let fired = false;
    for (const s of [...this.schedules].sort((a, b) => a.next - b.next)) {
      if (s.cancelled || s.next > now) continue;
      s.run(s.punctuator, now);
      fired = true;
      s.next = now - ((now - s.next) % s.interval) + s.interval;
    }
    return fired;
  }
}
