import type { FinalStatus, Order, StockLevel } from './order.js';
import { gatewayBehaviour } from './payment-gateway.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { Random } from './random.js';

/** A seeded run: the warehouse counts, then the orders, in the order the shop places them. */
export interface OrderPlan {
  readonly runId: string;
  readonly stock: readonly StockLevel[];
  /** `placedAt` is stamped by the orders service when it sends each one. */
  readonly orders: readonly PlannedOrder[];
}

export type PlannedOrder = Omit<Order, 'placedAt'>;

export interface PlanOptions {
  readonly seed: number;
  readonly count: number;
  /** Prefix of order ids, so runs on a persistent log do not collide. */
  readonly runId: string;
  readonly skus?: number;
}

const SKU_PRICES_CENTS = [1299, 2499, 499, 8999, 1999, 3499, 799, 15999, 2999, 999, 5999, 1499];

/**
 * Orders over a small catalogue. Orders of one SKU reach the inventory app from several `orders`
 * partitions, so which of two racing orders gets the last unit depends on timing. To keep an
 * oracle, each SKU's orders that fit (in total) never exceed its stock, and every order that
 * does not fit asks for more than the warehouse holds: its outcome is the same in any order.
 */
export function planOrders(options: PlanOptions): OrderPlan {
  const random = new Random(options.seed);
  const skuCount = options.skus ?? 10;
  const skus = Array.from({ length: skuCount }, (_, i) => `sku-${String(i + 1).padStart(2, '0')}`);
  // The last SKU is discontinued (no stock): every order of it is OUT_OF_STOCK.
  // Stock around the expected demand (2 units an order): some SKUs sell out before the run ends.
  const demand = (options.count / skuCount) * 2;
  const units = skus.map((_, i) => (i === skuCount - 1 ? 0 : random.int(Math.round(demand * 0.8) + 3, Math.round(demand * 2) + 6)));
  const stock = skus.map((sku, i): StockLevel => ({ sku, units: units[i]! }));
  const fitting = new Array<number>(skuCount).fill(0);
  const orders: PlannedOrder[] = [];
  for (let n = 0; n < options.count; n++) {
    const i = random.int(0, skuCount);
    const sku = skus[i]!;
    let quantity = random.int(1, 4);
    if (random.chance(0.04) || fitting[i]! + quantity > units[i]!) quantity = units[i]! + random.int(1, 5); // a bulk order beyond stock
    else fitting[i]! += quantity;
    const customer = random.int(1, 500);
    orders.push({
      orderId: `${options.runId}-${String(n + 1).padStart(5, '0')}`,
      customerId: `customer-${customer}`,
      email: `customer-${customer}@example.com`,
      sku,
      quantity,
      amountCents: quantity * SKU_PRICES_CENTS[i % SKU_PRICES_CENTS.length]!,
    });
  }
  return { runId: options.runId, stock, orders };
}

/** The oracle: the final status each order must reach, from the plan alone. */
export function expectedStatuses(plan: OrderPlan, policy: RetryPolicy = DEFAULT_RETRY_POLICY): Map<string, FinalStatus> {
  const stock = new Map(plan.stock.map((s) => [s.sku, s.units]));
  const expected = new Map<string, FinalStatus>();
  for (const order of plan.orders) {
    const b = gatewayBehaviour(order.orderId);
    if (b.declined || b.transientFailures >= policy.maxAttempts) expected.set(order.orderId, 'PAYMENT_FAILED');
    else if (order.quantity > (stock.get(order.sku) ?? 0)) expected.set(order.orderId, 'OUT_OF_STOCK');
    else expected.set(order.orderId, 'COMPLETED');
  }
  return expected;
}
