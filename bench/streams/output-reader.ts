// Follows an output topic and decides when a throughput run is complete; probe outputs
// (timestamp >= latencyFrom) become latency samples instead.
import type { Cluster, Consumer } from '@tributary/client';

export type Completion = 'records' | 'sum-of-latest';

export interface ReaderOptions {
  readonly topic: string;
  /** 'records': complete after `expect` records; 'sum-of-latest': when the latest int64 value per key sums to `expect`. */
  readonly completion: Completion;
  readonly expect: number;
  readonly latencyFrom: number;
  /**
   * 'records' completion by the output's end offset (admin.listOffsets every 10 ms) instead of
   * consuming it, so the measured process does not also pay for reading every output record.
   * Only exact without transactions (markers take offsets too).
   */
  readonly byEndOffset: boolean;
}

export class OutputReader {
  progress = 0;
  /** performance.now() of the last counted (non-probe) output. */
  lastCountedAt = 0;
  readonly latencies: number[] = [];
  private readonly latest = new Map<string, number>();
  private consumer: Consumer | null = null;
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly cluster: Cluster,
    private readonly o: ReaderOptions,
  ) {}

  get complete(): boolean {
    return this.progress >= this.o.expect;
  }

  /** Starts following the output from its beginning. */
  async start(): Promise<void> {
    if (this.o.byEndOffset) {
      this.loop = this.watchEndOffset();
      return;
    }
    await this.subscribe('earliest');
    this.loop = this.consume();
  }

  /** After an end-offset run: consume from the current end, for latency probes. Resolves once assigned. */
  async followForProbes(): Promise<void> {
    if (!this.o.byEndOffset) return;
    this.stopped = true;
    await this.loop;
    this.stopped = false;
    await this.subscribe('latest');
    while (this.consumer!.assignment().length === 0) await this.consumer!.poll(50);
    this.loop = this.consume();
  }

  private async subscribe(reset: 'earliest' | 'latest'): Promise<void> {
    this.consumer = this.cluster.consumer({ groupId: `bench-reader-${process.pid}-${Date.now()}`, autoOffsetReset: reset, isolationLevel: 'read_committed', maxWaitMs: 20 });
    await this.consumer.connect();
    await this.consumer.subscribe([this.o.topic]);
  }

  private async watchEndOffset(): Promise<void> {
    while (!this.stopped) {
      const [end] = await this.cluster.admin.listOffsets([{ topic: this.o.topic, partition: 0, spec: 'latest' }]);
      if (end !== undefined && end.offset > this.progress) {
        this.progress = end.offset;
        this.lastCountedAt = performance.now();
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async consume(): Promise<void> {
    const sum = this.o.completion === 'sum-of-latest';
    while (!this.stopped) {
      const batches = await this.consumer!.poll(50);
      const now = Date.now();
      for (const b of batches) {
        for (const r of b.records) {
          if (r.timestamp >= this.o.latencyFrom) {
            this.latencies.push(now - r.timestamp);
            continue;
          }
          this.lastCountedAt = performance.now();
          if (sum) {
            const k = r.key!.toString('latin1');
            const v = Number(r.value!.readBigInt64BE(0));
            this.progress += v - (this.latest.get(k) ?? 0);
            this.latest.set(k, v);
          } else {
            this.progress++;
          }
        }
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await this.consumer?.disconnect();
  }
}
