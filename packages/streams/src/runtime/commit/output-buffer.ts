import type { Logger, RecordSender, SendResult, TopicRecords } from '@tributary/client';
import type { Headers } from '../../processor/headers.js';
import { checkpointKey } from '../../state/restore/checkpoint-file.js';
import type { StreamsMetrics } from '../../metrics/streams-metrics.js';
import type { ProductionExceptionHandler } from '../handlers/exception-handlers.js';

export interface OutgoingRecord {
  readonly topic: string;
  readonly partition: number | undefined;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers: Headers;
}

/** Records buffered before this many are sent in the background (the rest go at flush). */
const SEND_THRESHOLD = 500;

/**
 * Every record a thread produces (sink, repartition, changelog, dead-letter) goes through here:
 * buffered per topic, sent as one batch request in order (one in flight), flushed (all acked) by
 * the commit cycle before offsets are committed. It learns changelog end offsets from the send
 * results, for checkpoints. Under exactly-once the sender is a transaction holder
 * (runtime/eos), so the same buffer sends inside the open transaction.
 */
export class OutputBuffer {
  private pending = new Map<string, OutgoingRecord[]>();
  private pendingCount = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private fatal: unknown = null;
  /** checkpointKey(topic, partition) → next offset, for topics registered as changelogs. */
  readonly writtenOffsets = new Map<string, number>();
  private readonly changelogTopics = new Set<string>();

  constructor(
    private readonly producer: Pick<RecordSender, 'sendBatch'>,
    private readonly handler: ProductionExceptionHandler,
    private readonly metrics: StreamsMetrics,
    private readonly logger: Logger,
  ) {}

  trackChangelog(topic: string): void {
    this.changelogTopics.add(topic);
  }

  /**
   * Buffers `r` itself (it is a ProducerRecord; `partition: undefined` means "use the
   * partitioner"), so the caller must not change it afterwards: callers pass a fresh object.
   */
  send(r: OutgoingRecord): void {
    let list = this.pending.get(r.topic);
    if (list === undefined) this.pending.set(r.topic, (list = []));
    list.push(r);
    if (++this.pendingCount >= SEND_THRESHOLD) this.kick();
  }

  /** Sends everything buffered and waits for every ack; throws if a send failed and the handler said FAIL. */
  async flush(): Promise<void> {
    this.kick();
    await this.inFlight;
    if (this.fatal !== null) throw this.fatal;
  }

  /** Forgets unsent records (dirty close: they will be produced again on reprocessing). */
  discard(): void {
    this.pending = new Map();
    this.pendingCount = 0;
  }

  /** After an aborted transaction: waits for sends in flight, then forgets them, pending records and any failure. */
  async reset(): Promise<void> {
    this.discard();
    await this.inFlight.catch(() => undefined);
    this.inFlight = Promise.resolve();
    this.fatal = null;
  }

  private kick(): void {
    if (this.pendingCount === 0) return;
    const batches: TopicRecords[] = [...this.pending].map(([topic, records]) => ({ topic, records }));
    this.pending = new Map();
    this.pendingCount = 0;
    this.inFlight = this.inFlight.then(() => this.sendNow(batches));
  }

  private async sendNow(batches: TopicRecords[]): Promise<void> {
    if (this.fatal !== null) return;
    let results: SendResult[];
    try {
      results = await this.producer.sendBatch(batches);
    } catch (error) {
      const first = batches[0]!;
      const count = batches.reduce((n, b) => n + b.records.length, 0);
      const action = this.handler({ topic: first.topic, partition: first.records[0]?.partition }, error);
      this.logger.error({ error, records: count, action }, 'producing records failed');
      if (action === 'FAIL') this.fatal = error;
      else this.metrics.dropped.inc({ task: 'producer', reason: 'production' }, count);
      return;
    }
    this.recordOffsets(batches, results);
  }

  private recordOffsets(batches: TopicRecords[], results: readonly SendResult[]): void {
    const counts = new Map<string, number>();
    for (const b of batches) {
      if (!this.changelogTopics.has(b.topic)) continue;
      for (const r of b.records) {
        const key = checkpointKey(b.topic, r.partition ?? -1);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    if (counts.size === 0) return;
    for (const res of results) {
      const key = checkpointKey(res.topic, res.partition);
      const n = counts.get(key);
      if (n !== undefined && res.baseOffset >= 0) this.writtenOffsets.set(key, res.baseOffset + n);
    }
  }
}
