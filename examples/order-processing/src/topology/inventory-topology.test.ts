import fc from 'fast-check';
import { Serdes, TopologyTestDriver } from '@tributary/streams';
import { describe, expect, it } from 'vitest';
import type { Order, Reservation, StockLevel } from '../domain/order.js';
import { planOrders } from '../domain/order-plan.js';
import { INVENTORY_STORE, buildInventoryTopology, type Inventory } from './inventory-topology.js';
import { SERDE_DEFAULTS } from './serdes.js';
import { TOPICS } from './topics.js';

function driver() {
  const d = new TopologyTestDriver(buildInventoryTopology(), { applicationId: 'inventory-service', ...SERDE_DEFAULTS }, 1_000);
  return {
    d,
    stock: d.createInputTopic(TOPICS.stock, Serdes.String(), Serdes.Json<StockLevel>()),
    orders: d.createInputTopic(TOPICS.orders, Serdes.String(), Serdes.Json<Order>()),
    out: d.createOutputTopic(TOPICS.reservations, Serdes.String(), Serdes.Json<Reservation>()),
  };
}

const order = (orderId: string, sku: string, quantity: number): Order => ({ orderId, sku, quantity, customerId: 'c', email: 'c@example.com', amountCents: 100 * quantity, placedAt: 0 });

describe('inventory topology (TopologyTestDriver)', () => {
  it('reserves whole orders while stock lasts, keyed by order id; a replayed order takes no stock twice', () => {
    const { d, stock, orders, out } = driver();
    stock.pipeInput('sku-01', { sku: 'sku-01', units: 5 }, 1_000);
    orders.pipeInput('a', order('a', 'sku-01', 3), 2_000);
    orders.pipeInput('b', order('b', 'sku-01', 3), 3_000);
    orders.pipeInput('c', order('c', 'sku-01', 2), 4_000);
    orders.pipeInput('a', order('a', 'sku-01', 3), 5_000); // redelivered after a crash
    expect(out.readKeyValuesToList().map((kv) => [kv.key, kv.value?.status, kv.value?.availableAfter])).toEqual([
      ['a', 'RESERVED', 2],
      ['b', 'OUT_OF_STOCK', 2],
      ['c', 'RESERVED', 0],
      ['a', 'RESERVED', 2],
    ]);
    expect(d.getTimestampedKeyValueStore<string, Inventory>(INVENTORY_STORE)!.get('sku-01')?.value.available).toBe(0);
  });

  it('matches the plan oracle whatever order the orders arrive in (oracle: quantity <= stock)', () => {
    const plan = planOrders({ seed: 3, count: 60, runId: 'p' });
    const stockOf = new Map(plan.stock.map((s) => [s.sku, s.units]));
    fc.assert(
      fc.property(fc.shuffledSubarray([...plan.orders], { minLength: plan.orders.length }), (shuffled) => {
        const { stock, orders, out } = driver();
        for (const s of plan.stock) stock.pipeInput(s.sku, s, 1_000);
        shuffled.forEach((o, i) => orders.pipeInput(o.orderId, { ...o, placedAt: 0 }, 2_000 + i));
        const got = new Map(out.readKeyValuesToList().map((kv) => [kv.key, kv.value?.status]));
        for (const o of plan.orders) expect(got.get(o.orderId)).toBe(o.quantity <= stockOf.get(o.sku)! ? 'RESERVED' : 'OUT_OF_STOCK');
      }),
      { numRuns: 15 },
    );
  });
});
