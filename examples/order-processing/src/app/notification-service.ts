import type { Cluster, FetchedBatch, ProducerRecord } from '@tributary/client';
import type { Notification, Order } from '../domain/order.js';
import { GROUPS, TOPICS } from '../topology/topics.js';
import { OrderConsumerService } from './order-consumer-service.js';
import { jsonRecord } from './json.js';

export interface NotificationServiceOptions {
  readonly instanceId: string;
  readonly sessionTimeoutMs?: number;
  /** Where a person sees the "emails" (the console in the service process). */
  readonly onSent?: (notification: Notification) => void;
}

/** Confirms each order to its customer (a stand-in for an email gateway) and records it on `notifications`. */
export class NotificationService extends OrderConsumerService {
  sent = 0;

  constructor(
    cluster: Cluster,
    private readonly options: NotificationServiceOptions,
  ) {
    super(cluster, `notification-${options.instanceId}`, GROUPS.notification, options.sessionTimeoutMs);
  }

  protected async handle(batch: FetchedBatch): Promise<void> {
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
    if (records.length > 0) await this.producer.send(TOPICS.notifications, records);
    this.sent += records.length;
    for (const n of sent) this.options.onSent?.(n);
  }
}
