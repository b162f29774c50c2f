import type { Cluster, Consumer, FetchedBatch, Logger, TopicPartition } from '@tributary/client';
import { checkpointKey } from './checkpoint-file.js';

/** Synchronous restore work before yielding to the event loop. */
const TURN_BUDGET_MS = 15;

/** One changelog partition being read into local stores. */
export interface ChangelogRegistration {
  readonly topic: string;
  readonly partition: number;
  /** Next offset to read. */
  position: number;
  /** Restoration stops here (end offset captured at assignment); null means tail forever (standby). */
  readonly endOffset: number | null;
  /** Applies records (raw key/value; null value deletes) to the engine. */
  readonly apply: (batch: FetchedBatch) => void;
}

/**
 * Reads changelogs through a private consumer group of its own (the Cluster interface has no
 * manual assignment): it subscribes once to every changelog topic of the application, pauses
 * every partition nobody registered, and seeks registered ones to their start offset. Active
 * tasks register until their end offset (restoration); standbys register without an end.
 */
export class ChangelogReader {
  private consumer: Consumer | null = null;
  private readonly registrations = new Map<string, ChangelogRegistration>();
  private assigned: TopicPartition[] = [];
  private needsSync = true;

  constructor(
    private readonly cluster: Cluster,
    private readonly topics: readonly string[],
    private readonly groupId: string,
    private readonly logger: Logger,
  ) {}

  register(r: ChangelogRegistration): void {
    this.registrations.set(checkpointKey(r.topic, r.partition), r);
    this.needsSync = true;
  }

  unregister(topic: string, partition: number): void {
    if (this.registrations.delete(checkpointKey(topic, partition))) this.needsSync = true;
  }

  /** Registrations still short of their end offset. */
  restoring(): ChangelogRegistration[] {
    return [...this.registrations.values()].filter((r) => r.endOffset !== null && r.position < r.endOffset);
  }

  get idle(): boolean {
    return this.registrations.size === 0;
  }

  /**
   * Reads once (waiting up to `timeoutMs`) and applies what arrived; registrations at their end
   * need no read. Batches without records still move positions (the consumer reports skipping
   * transaction markers and aborted transactions that way), so a changelog ending in them is
   * restored exactly when its position reaches the end offset.
   */
  async poll(timeoutMs: number): Promise<void> {
    if (this.registrations.size === 0 || this.topics.length === 0) return;
    const consumer = await this.ensureConsumer();
    if (this.needsSync && this.assigned.length > 0) this.sync(consumer);
    const batches = await consumer.poll(timeoutMs);
    let turn = performance.now();
    for (const b of batches) {
      // A poll can carry tens of thousands of records: let timers and I/O run between batches.
      if (performance.now() - turn > TURN_BUDGET_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        turn = performance.now();
      }
      const r = this.registrations.get(checkpointKey(b.topic, b.partition));
      if (r === undefined || b.nextOffset <= r.position) continue;
      const from = r.position;
      const records = b.records.filter((x) => x.offset >= from && (r.endOffset === null || x.offset < r.endOffset));
      r.position = r.endOffset === null ? b.nextOffset : Math.min(b.nextOffset, r.endOffset);
      r.apply(records.length === b.records.length ? b : { ...b, records });
      if (r.endOffset !== null && r.position >= r.endOffset) consumer.pause([{ topic: b.topic, partition: b.partition }]);
    }
  }

  async close(): Promise<void> {
    const c = this.consumer;
    this.consumer = null;
    if (c !== null) await c.disconnect().catch((error: unknown) => this.logger.warn({ error }, 'restore consumer disconnect failed'));
  }

  private async ensureConsumer(): Promise<Consumer> {
    if (this.consumer !== null) return this.consumer;
    const consumer = this.cluster.consumer({
      groupId: this.groupId,
      autoOffsetReset: 'earliest',
      isolationLevel: 'read_committed',
      maxWaitMs: 100,
      rebalanceListener: {
        onPartitionsRevoked: () => {
          this.assigned = [];
        },
        onPartitionsAssigned: (partitions) => {
          this.assigned = [...partitions];
          this.sync(consumer);
        },
      },
    });
    await consumer.connect();
    await consumer.subscribe(this.topics);
    this.consumer = consumer;
    return consumer;
  }

  /** Pauses unregistered or finished partitions, seeks and resumes the rest. */
  private sync(consumer: Consumer): void {
    this.needsSync = false;
    const pause: TopicPartition[] = [];
    const resume: TopicPartition[] = [];
    const paused = new Set(consumer.paused().map((p) => checkpointKey(p.topic, p.partition)));
    for (const tp of this.assigned) {
      const key = checkpointKey(tp.topic, tp.partition);
      const r = this.registrations.get(key);
      if (r === undefined || (r.endOffset !== null && r.position >= r.endOffset)) pause.push(tp);
      else {
        consumer.seek(tp, r.position);
        if (paused.has(key)) resume.push(tp);
      }
    }
    consumer.pause(pause);
    if (resume.length > 0) consumer.resume(resume);
  }
}
