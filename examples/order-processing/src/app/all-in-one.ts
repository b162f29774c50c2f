import { join } from 'node:path';
import type { Cluster } from '@tributary/client';
import type { TributaryStreams } from '@tributary/streams';
import type { OrderPlan } from '../domain/order-plan.js';
import type { Notification, OrderStatus } from '../domain/order.js';
import { NotificationService } from './notification-service.js';
import { publishOrders } from './order-source.js';
import { PaymentService } from './payment-service.js';
import { StatusTail } from './status-tail.js';
import { inventoryApp, orderStatusApp } from './streams-apps.js';
import { ensureTopics } from './topics-setup.js';

export interface AllInOneOptions {
  readonly plan: OrderPlan;
  readonly partitions: number;
  /** Parent of each streams instance's state directory. */
  readonly stateDir: string;
  readonly ratePerSecond: number;
  readonly paymentInstances?: number;
  readonly inventoryInstances?: number;
  /** Give up waiting for final statuses after this long. */
  readonly timeoutMs?: number;
  readonly onFinal?: (status: OrderStatus) => void;
  readonly onNotification?: (notification: Notification) => void;
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
}

export interface AllInOneResult {
  readonly finals: ReadonlyMap<string, readonly OrderStatus[]>;
  readonly statusUpdates: number;
  readonly charged: number;
  readonly deadLettered: number;
  readonly notified: number;
  readonly elapsedMs: number;
  /** False when the run stopped (timeout, abort) before every order had a final status. */
  readonly complete: boolean;
}

/**
 * Every service of the walk-through in one process on one cluster: both streams apps, the
 * payment and notification services (several instances share a group), the orders service and a
 * tail of `order-status`. Runs until every planned order has a final status.
 */
export async function runAllInOne(cluster: Cluster, o: AllInOneOptions): Promise<AllInOneResult> {
  const started = Date.now();
  const log = o.log ?? (() => undefined);
  let failure: unknown = null;
  const fail = (what: string) => (error: unknown) => {
    failure ??= new Error(`${what} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  };
  await cluster.connect();
  await ensureTopics(cluster, o.partitions);

  const apps: TributaryStreams[] = [];
  for (let i = 1; i <= (o.inventoryInstances ?? 1); i++) apps.push(inventoryApp(cluster, { stateDir: join(o.stateDir, `inventory-${i}`) }));
  apps.push(orderStatusApp(cluster, { stateDir: join(o.stateDir, 'order-status-1') }));
  const payments = Array.from({ length: o.paymentInstances ?? 2 }, (_, i) => new PaymentService(cluster, { instanceId: String(i + 1) }));
  const notifications = new NotificationService(cluster, { instanceId: '1', ...(o.onNotification === undefined ? {} : { onSent: o.onNotification }) });
  const tail = new StatusTail(cluster, o.onFinal, `${o.plan.runId}-`);
  const producer = cluster.producer({ idempotent: true });

  try {
    for (const app of apps) {
      app.setUncaughtExceptionHandler((error) => {
        fail('a streams app')(error);
        return 'SHUTDOWN_CLIENT';
      });
      await app.start();
    }
    for (const p of payments) await p.start(fail('payment service'));
    await notifications.start(fail('notification service'));
    await tail.start();
    await producer.connect();
    log(`services up; publishing ${o.plan.orders.length} orders of run ${o.plan.runId}`);
    await publishOrders(producer, o.plan, { ratePerSecond: o.ratePerSecond, ...(o.signal === undefined ? {} : { signal: o.signal }) });

    const deadline = started + (o.timeoutMs ?? 120_000);
    while (failure === null && tail.finalCount < o.plan.orders.length && Date.now() < deadline && o.signal?.aborted !== true) {
      await new Promise((r) => setTimeout(r, 50));
    }
    if (failure !== null) throw failure;
    return {
      finals: tail.finals,
      statusUpdates: tail.updates,
      charged: payments.reduce((n, p) => n + p.charged, 0),
      deadLettered: payments.reduce((n, p) => n + p.deadLettered, 0),
      notified: notifications.sent,
      elapsedMs: Date.now() - started,
      complete: tail.finalCount >= o.plan.orders.length,
    };
  } finally {
    await producer.disconnect().catch(() => undefined);
    await tail.stop().catch(() => undefined);
    await notifications.stop().catch(() => undefined);
    for (const p of payments) await p.stop().catch(() => undefined);
    for (const app of apps) await app.close({ timeoutMs: 10_000 });
  }
}
