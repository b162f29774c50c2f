import type { Cluster, FetchedBatch, Producer } from '@tributary/client';
import { TOPICS } from '../topology/topics.js';
import { ConsumerLoop } from './consumer-loop.js';

/**
 * A plain-client service that reads `orders` in its own consumer group and answers with an
 * idempotent producer: the lifecycle payment and notification services share.
 */
export abstract class OrderConsumerService {
  private producerHandle: Producer | null = null;
  private readonly loop: ConsumerLoop;

  protected constructor(
    private readonly cluster: Cluster,
    readonly name: string,
    groupId: string,
    sessionTimeoutMs: number | undefined,
  ) {
    this.loop = new ConsumerLoop(
      cluster,
      { groupId, clientId: name, topics: [TOPICS.orders], ...(sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs }) },
      (batch) => this.handle(batch),
    );
  }

  async start(onError: (error: unknown) => void): Promise<void> {
    const producer = this.cluster.producer({ idempotent: true });
    await producer.connect();
    this.producerHandle = producer;
    await this.loop.start(onError);
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.producerHandle?.disconnect();
  }

  /** The producer, once `start` connected it (batches are only handled after that). */
  protected get producer(): Producer {
    if (this.producerHandle === null) throw new Error(`${this.name} handled a batch before start()`);
    return this.producerHandle;
  }

  protected abstract handle(batch: FetchedBatch): Promise<void>;
}
