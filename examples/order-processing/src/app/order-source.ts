import type { Producer } from '@tributary/client';
import type { Order } from '../domain/order.js';
import type { OrderPlan } from '../domain/order-plan.js';
import { TOPICS } from '../topology/topics.js';
import { jsonRecord } from './json.js';

export interface OrderSourceOptions {
  /** Orders per second (Infinity: as fast as acknowledgements allow). */
  readonly ratePerSecond: number;
  readonly onProgress?: (sent: number) => void;
  readonly signal?: AbortSignal;
}

/**
 * The orders service: publishes the warehouse counts to `stock`, then the plan's orders to
 * `orders` (keyed by order id), at a steady rate. Counts go first and are acknowledged before
 * any order, so the inventory app sees them before the orders that draw on them.
 */
export async function publishOrders(producer: Producer, plan: OrderPlan, options: OrderSourceOptions): Promise<number> {
  await producer.send(TOPICS.stock, plan.stock.map((s) => jsonRecord(s.sku, s)));
  const perBatch = Number.isFinite(options.ratePerSecond) ? Math.max(1, Math.round(options.ratePerSecond / 10)) : 100;
  const started = Date.now();
  let sent = 0;
  while (sent < plan.orders.length && options.signal?.aborted !== true) {
    const now = Date.now();
    const batch = plan.orders.slice(sent, sent + perBatch).map((o): Order => ({ ...o, placedAt: now }));
    await producer.send(TOPICS.orders, batch.map((o) => jsonRecord(o.orderId, o)));
    sent += batch.length;
    options.onProgress?.(sent);
    if (Number.isFinite(options.ratePerSecond)) {
      const due = started + (sent * 1000) / options.ratePerSecond;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }
  return sent;
}
