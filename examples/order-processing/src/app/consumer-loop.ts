import { CommitFailedError, RebalanceInProgressError, type Cluster, type Consumer, type FetchedBatch } from '@tributary/client';

export interface ConsumerLoopOptions {
  readonly groupId: string;
  readonly clientId: string;
  readonly topics: readonly string[];
  readonly sessionTimeoutMs?: number;
}

/**
 * A plain service's consume loop, at least once: handle a partition's batch (its output sent and
 * acknowledged), then commit its next offset. A crash between the two replays the batch, so
 * handlers must be idempotent; a commit refused because the group is rebalancing means the same.
 */
export class ConsumerLoop {
  private consumer: Consumer | null = null;
  private running = false;
  private done: Promise<void> | null = null;

  constructor(
    private readonly cluster: Cluster,
    private readonly options: ConsumerLoopOptions,
    private readonly handle: (batch: FetchedBatch) => Promise<void>,
  ) {}

  /** Joins the group; `onError` hears about a failure that stopped the loop. */
  async start(onError: (error: unknown) => void): Promise<void> {
    const consumer = this.cluster.consumer({
      groupId: this.options.groupId,
      clientId: this.options.clientId,
      autoOffsetReset: 'earliest',
      ...(this.options.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: this.options.sessionTimeoutMs, heartbeatIntervalMs: Math.floor(this.options.sessionTimeoutMs / 4) }),
    });
    await consumer.connect();
    await consumer.subscribe(this.options.topics);
    this.consumer = consumer;
    this.running = true;
    this.done = this.loop(consumer).catch((error: unknown) => {
      this.running = false;
      onError(error);
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
    await this.consumer?.disconnect();
    this.consumer = null;
  }

  private async loop(consumer: Consumer): Promise<void> {
    while (this.running) {
      const batches = await consumer.poll(200);
      for (const batch of batches) {
        if (!this.running) return;
        await this.handle(batch);
        try {
          await consumer.commit([{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }]);
        } catch (error) {
          // The partition moved to another member, which will redo this batch: fine for idempotent handlers.
          if (!(error instanceof CommitFailedError) && !(error instanceof RebalanceInProgressError)) throw error;
        }
      }
    }
  }
}
