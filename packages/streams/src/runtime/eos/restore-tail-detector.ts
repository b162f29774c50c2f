import type { Cluster, Consumer, ConsumerOptions } from '@tributary/client';
import { checkpointKey } from '../../state/restore/checkpoint-file.js';

/**
 * Works around a gap of both client adapters: a read_committed consumer delivers no batch when
 * everything it skipped is control markers or aborted records, so it never reports a position
 * past them (Java's `consumer.position()` would). A changelog whose tail is an aborted
 * transaction plus its ABORT marker — exactly what a crash under exactly-once leaves — would keep
 * its restoration short of the end offset forever.
 *
 * Below the last stable offset everything is readable at once, so a partition that delivered
 * data since it was registered is at that tail once it got nothing more for `quietMs` while the
 * restore consumer, holding an assignment, completed at least `minPolls` polls. One that never
 * delivered anything (its whole range is aborted: the first transactions died) is declared so
 * only after `idleMs`: kafkajs may take seconds after a seek before it fetches a partition, and
 * declaring too early would lose state. The embedded consumer's poll fetches every assigned,
 * unpaused partition each time, so there a few empty polls settle it either way
 * (`forCluster`). The proper fix is in the adapters (an empty batch whose `nextOffset` moves
 * past skipped batches); then this goes.
 */
export class RestoreTailDetector {
  static forCluster(cluster: Cluster): RestoreTailDetector {
    return cluster.kind === 'embedded' ? new RestoreTailDetector(500, 500, 3) : new RestoreTailDetector();
  }

  private readonly partitions = new Map<string, { last: number; pollsSince: number; delivered: boolean }>();

  constructor(
    private readonly quietMs = 3_000,
    private readonly idleMs = 30_000,
    private readonly minPolls = 3,
    private readonly now: () => number = Date.now,
  ) {}

  registered(key: string): void {
    this.partitions.set(key, { last: this.now(), pollsSince: 0, delivered: false });
  }

  progressed(key: string): void {
    this.partitions.set(key, { last: this.now(), pollsSince: 0, delivered: true });
  }

  /** A seek drops what the consumer had buffered: the partition's quiet period starts over. */
  sought(key: string): void {
    const p = this.partitions.get(key);
    if (p !== undefined) this.partitions.set(key, { ...p, last: this.now(), pollsSince: 0 });
  }

  /** The restore consumer finished a poll while it held an assignment. */
  polled(): void {
    for (const p of this.partitions.values()) p.pollsSince++;
  }

  /** True when `key` is short of its end offset only by records a read_committed consumer never delivers. */
  atTail(key: string): boolean {
    const p = this.partitions.get(key);
    return p !== undefined && p.pollsSince >= this.minPolls && this.now() - p.last >= (p.delivered ? this.quietMs : this.idleMs);
  }

  forget(key: string): void {
    this.partitions.delete(key);
  }

  /** The cluster the restore consumer is made from, with its polls reported here. */
  observe(cluster: Cluster): Cluster {
    const consumer = (options: ConsumerOptions): Consumer => {
      const c = cluster.consumer(options);
      const poll = c.poll.bind(c);
      const seek = c.seek.bind(c);
      c.poll = async (timeoutMs) => {
        const batches = await poll(timeoutMs);
        if (c.assignment().length > 0) this.polled();
        return batches;
      };
      c.seek = (tp, offset) => {
        this.sought(checkpointKey(tp.topic, tp.partition));
        seek(tp, offset);
      };
      return c;
    };
    return new Proxy(cluster, {
      get: (target, prop) => {
        if (prop === 'consumer') return consumer;
        const value: unknown = Reflect.get(target, prop);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}
