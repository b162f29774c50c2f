import type { TextSink } from '../io/cli-io.js';

/** Prints a running count and rate to stderr about once a second, and a summary at the end. */
export class ProgressMeter {
  private count = 0;
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sink: TextSink,
    private readonly verb: string,
  ) {
    this.timer = setInterval(() => this.report(false), 1_000);
    this.timer.unref();
  }

  add(n: number): void {
    this.count += n;
  }

  finish(): void {
    clearInterval(this.timer);
    this.report(true);
  }

  private report(final: boolean): void {
    const seconds = Math.max(0.001, (Date.now() - this.started) / 1_000);
    const rate = Math.round(this.count / seconds);
    const line = `${this.verb} ${this.count} records in ${seconds.toFixed(1)} s (${rate} records/s)`;
    // On a terminal the running line rewrites itself; in a log every report is its own line.
    if (this.sink.isTTY) this.sink.write(`\r${line}${final ? '\n' : ''}`);
    else this.sink.write(`${line}\n`);
  }
}
