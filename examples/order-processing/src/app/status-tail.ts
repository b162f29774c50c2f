import { randomUUID } from 'node:crypto';
import type { Cluster, Consumer } from '@tributary/client';
import type { OrderStatus } from '../domain/order.js';
import { TOPICS } from '../topology/topics.js';

/**
 * Reads `order-status` read_committed from the beginning, like a customer-facing service would,
 * keeping every final status per order (more than one would be a bug: the tests check it).
 */
export class StatusTail {
  readonly finals = new Map<string, OrderStatus[]>();
  updates = 0;
  private consumer: Consumer | null = null;
  private running = false;
  private done: Promise<void> | null = null;

  constructor(
    private readonly cluster: Cluster,
    private readonly onFinal?: (status: OrderStatus) => void,
    /** Only orders whose id starts with this (one run on a persistent log). */
    private readonly orderIdPrefix = '',
  ) {}

  async start(): Promise<void> {
    const consumer = this.cluster.consumer({ groupId: `order-status-tail-${randomUUID()}`, autoOffsetReset: 'earliest', isolationLevel: 'read_committed' });
    await consumer.connect();
    await consumer.subscribe([TOPICS.orderStatus]);
    this.consumer = consumer;
    this.running = true;
    this.done = this.loop(consumer);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
    await this.consumer?.disconnect();
    this.consumer = null;
  }

  /** Orders with at least one final status. */
  get finalCount(): number {
    return this.finals.size;
  }

  private async loop(consumer: Consumer): Promise<void> {
    while (this.running) {
      for (const batch of await consumer.poll(200)) {
        for (const r of batch.records) {
          if (r.value === null) continue;
          const status = JSON.parse(r.value.toString('utf8')) as OrderStatus;
          if (!status.orderId.startsWith(this.orderIdPrefix)) continue;
          this.updates++;
          if (!status.final) continue;
          const list = this.finals.get(status.orderId) ?? [];
          list.push(status);
          this.finals.set(status.orderId, list);
          this.onFinal?.(status);
        }
      }
    }
  }
}
