import type { Admin, Logger, TopicPartitionOffset } from '@tributary/client';

/**
 * Deletes repartition-topic records below committed offsets, as Kafka Streams does
 * (`repartition.purge.interval.ms`): repartition topics keep records forever (retention.ms=-1,
 * so old event timestamps never expire unread data) and are trimmed only once consumed. Runs
 * after a successful commit, at most once per interval, without blocking the commit cycle.
 */
export class RepartitionPurger {
  private readonly pending = new Map<string, TopicPartitionOffset>();
  private lastPurge: number;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly admin: Admin,
    private readonly isRepartitionTopic: (topic: string) => boolean,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.lastPurge = now();
  }

  /** Offsets that are now committed; repartition ones are purged at the next due time. */
  committed(offsets: readonly TopicPartitionOffset[]): void {
    for (const o of offsets) if (this.isRepartitionTopic(o.topic)) this.pending.set(`${o.topic}\0${o.partition}`, o);
    if (this.pending.size === 0 || this.inFlight !== null || this.now() - this.lastPurge < this.intervalMs) return;
    const requests = [...this.pending.values()].map((o) => ({ topic: o.topic, partition: o.partition, beforeOffset: o.offset }));
    this.pending.clear();
    this.lastPurge = this.now();
    this.inFlight = this.admin
      .deleteRecords(requests)
      .catch((err: unknown) => this.logger.warn({ err, partitions: requests.length }, 'purging repartition topics failed; retried at the next interval'))
      .finally(() => {
        this.inFlight = null;
      });
  }

  /** Waits for a purge in flight (on close, so the admin client is not torn down under it). */
  async drain(): Promise<void> {
    await this.inFlight;
  }
}
