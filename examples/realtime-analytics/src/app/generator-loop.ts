import type { Producer } from '@tributary/client';
import { ClickstreamGenerator, type GeneratedClick } from '../generator/clickstream-generator.js';
import { TOPICS } from '../topology/topics.js';

export interface GeneratorLoopOptions {
  /** Wall-clock records per second; Infinity produces as fast as the cluster takes them. */
  readonly recordsPerSecond: number;
  /** Stop after this many records (undefined: run until stopped). */
  readonly maxRecords: number | undefined;
  readonly seed: number;
  /** Event time of the first click. */
  readonly startTime: number;
}

/** Feeds generated clicks to `clicks` in batches until stopped or bounded. */
export class GeneratorLoop {
  produced = 0;
  private stopped = false;
  private readonly generator: ClickstreamGenerator;
  private done: Promise<void> | null = null;

  constructor(
    private readonly producer: Producer,
    private readonly options: GeneratorLoopOptions,
  ) {
    // About 18 clicks per event-time second: at 300 records/s event time runs ~15x the wall clock,
    // so 10-second windows close about every second and minutes every few seconds.
    this.generator = new ClickstreamGenerator({ seed: options.seed, startTime: options.startTime, idPrefix: `v${options.startTime.toString(36)}` });
  }

  /** Event time of the latest generated click. */
  eventTime(): number {
    return this.generator.now();
  }

  start(): Promise<void> {
    this.done ??= this.loop();
    return this.done;
  }

  /** Resolves when the bounded run has produced everything (or the loop was stopped). */
  finished(): Promise<void> {
    return this.done ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  private async loop(): Promise<void> {
    const began = Date.now();
    const max = this.options.maxRecords;
    while (!this.stopped && (max === undefined || this.produced < max)) {
      const size = Math.min(200, max === undefined ? 200 : max - this.produced);
      const batch: GeneratedClick[] = [];
      while (batch.length < size) batch.push(this.generator.next());
      await this.producer.sendBatch([{ topic: TOPICS.clicks, records: batch.map((r) => ({ key: Buffer.from(r.key), value: r.value, timestamp: r.timestamp })) }]);
      this.produced += batch.length;
      const due = began + (this.produced / this.options.recordsPerSecond) * 1000;
      if (Number.isFinite(due) && due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    }
  }
}
