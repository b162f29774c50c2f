import type { Cluster, Consumer } from '@tributary/client';
import type { FraudAlert } from '../domain/alert.js';
import { TOPICS } from '../topology/topics.js';

/** Reads `fraud-alerts` like any downstream service would, keeping the newest for the page. */
export class AlertTail {
  readonly latest: FraudAlert[] = [];
  count = 0;
  private consumer: Consumer | null = null;
  private running = false;
  private done: Promise<void> | null = null;

  constructor(
    private readonly cluster: Cluster,
    private readonly groupId: string,
    private readonly onAlert: (alert: FraudAlert) => void,
  ) {}

  async start(): Promise<void> {
    // read_committed: alerts of a transaction that aborts (a crash mid-commit) are never shown,
    // so the console does not print them again when the restarted app reprocesses their input.
    const consumer = this.cluster.consumer({ groupId: this.groupId, autoOffsetReset: 'earliest', isolationLevel: 'read_committed' });
    await consumer.connect();
    await consumer.subscribe([TOPICS.alerts]);
    this.consumer = consumer;
    this.running = true;
    this.done = this.loop(consumer);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
    await this.consumer?.disconnect();
  }

  private async loop(consumer: Consumer): Promise<void> {
    while (this.running) {
      const batches = await consumer.poll(200);
      for (const batch of batches) {
        for (const r of batch.records) {
          if (r.value === null) continue;
          const alert = JSON.parse(r.value.toString('utf8')) as FraudAlert;
          this.count++;
          this.latest.unshift(alert);
          if (this.latest.length > 50) this.latest.pop();
          this.onAlert(alert);
        }
        await consumer.commit([{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }]);
      }
    }
  }
}
