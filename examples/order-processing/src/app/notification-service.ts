import type { Cluster, FetchedBatch, Producer, ProducerRecord } from '@tributary/client';
import type { Notification, Order } from '../domain/order.js';
import { GROUPS, TOPICS } from '../topology/topics.js';
import { ConsumerLoop } from './consumer-loop.js';
import { jsonRecord } from './json.js';

export interface NotificationServiceOptions {
  readonly instanceId: string;
  readonly sessionTimeoutMs?: number;
  /** Where a person sees the "emails" (the console in the service process). */
  readonly onSent?: (notification: Notification) => void;
}

/** Confirms each order to its customer (a stand-in for an email gateway) and records it on `notifications`. */
export class NotificationService {
  sent = 0;
  private producer: Producer | null = null;
  private readonly loop: ConsumerLoop;
  private readonly name: string;

  constructor(
    private readonly cluster: Cluster,
    private readonly options: NotificationServiceOptions,
  ) {
    this.name = `notification-${options.instanceId}`;
    this.loop = new ConsumerLoop(
      cluster,
      { groupId: GROUPS.notification, clientId: this.name, topics: [TOPICS.orders], ...(options.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: options.sessionTimeoutMs }) },
      (batch) => this.handle(batch),
    );
  }

  async start(onError: (error: unknown) => void): Promise<void> {
    const producer = this.cluster.producer({ idempotent: true });
    await producer.connect();
    this.producer = producer;
    await this.loop.start(onError);
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.producer?.disconnect();
  }

  private async handle(batch: FetchedBatch): Promise<void> {
    const records: ProducerRecord[] = [];
    const sent: Notification[] = [];
    for (const record of batch.records) {
      if (record.value === null) continue;
      const order = JSON.parse(record.value.toString('utf8')) as Order;
      const notification: Notification = {
        orderId: order.orderId,
        channel: 'email',
        to: order.email,
        subject: `We received your order ${order.orderId} (${order.quantity} x ${order.sku})`,
        sentBy: this.name,
      };
      records.push(jsonRecord(order.orderId, notification));
      sent.push(notification);
    }
    if (records.length > 0) await this.producer!.send(TOPICS.notifications, records);
    this.sent += records.length;
    for (const n of sent) this.options.onSent?.(n);
  }
}
