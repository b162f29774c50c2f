import { Consumed, Grouped, Materialized, Named, Produced, Repartitioned, StreamsBuilder, type Topology } from '@tributary/streams';
import type { Reservation } from '../domain/order.js';
import { serdes } from './serdes.js';
import { TOPICS } from './topics.js';

/** What changes a SKU's stock: a warehouse count, or an order asking for units. */
export type InventoryEvent =
  | { readonly kind: 'count'; readonly sku: string; readonly units: number }
  | { readonly kind: 'order'; readonly sku: string; readonly orderId: string; readonly quantity: number };

/** One row of the `inventory` KTable (key: SKU). */
export interface Inventory {
  readonly sku: string;
  /** Units that can still be reserved. */
  readonly available: number;
  /** Every decision made for this SKU, by order id: a replayed order gets the same answer and takes no stock twice. */
  readonly decisions: Readonly<Record<string, Reservation>>;
  /** The decision the latest event made (null after a count): what goes to `inventory-reservations`. */
  readonly last: Reservation | null;
}

export const INVENTORY_STORE = 'inventory';

const EMPTY: Inventory = { sku: '', available: 0, decisions: {}, last: null };

/** The reservation rule: all of an order's units, or none. */
export function applyInventoryEvent(sku: string, event: InventoryEvent, inv: Inventory): Inventory {
  if (event.kind === 'count') return { sku, available: event.units, decisions: inv.decisions, last: null };
  const earlier = inv.decisions[event.orderId];
  if (earlier !== undefined) return { ...inv, sku, last: earlier };
  const fits = event.quantity <= inv.available;
  const available = fits ? inv.available - event.quantity : inv.available;
  const decision: Reservation = { orderId: event.orderId, sku, quantity: event.quantity, status: fits ? 'RESERVED' : 'OUT_OF_STOCK', availableAfter: available };
  return { sku, available, decisions: { ...inv.decisions, [event.orderId]: decision }, last: decision };
}

/**
 * stock ──────────────────────────────┐
 *                                     ├─▶ group by SKU ─▶ aggregate ─▶ inventory (KTable)
 * orders ─▶ key by SKU ─▶ repartition ┘                                  │
 *                                      inventory-reservations ◀─ by order id ◀─ decision
 */
export function buildInventoryTopology(): Topology {
  const builder = new StreamsBuilder();
  const counts = builder
    .stream(TOPICS.stock, Consumed.with(serdes.key, serdes.stock).withName('stock-source'))
    .mapValues((s): InventoryEvent => ({ kind: 'count', sku: s.sku, units: s.units }), 'stock-count');
  const requests = builder
    .stream(TOPICS.orders, Consumed.with(serdes.key, serdes.order).withName('orders-source'))
    .map((_id, o) => ({ key: o.sku, value: { kind: 'order', sku: o.sku, orderId: o.orderId, quantity: o.quantity } as InventoryEvent }), 'order-by-sku')
    .repartition(Repartitioned.with(serdes.key, serdes.inventoryEvent).withName('orders-by-sku'));

  counts
    .merge(requests, 'inventory-events')
    .groupByKey(Grouped.with(serdes.key, serdes.inventoryEvent))
    .aggregate<Inventory>(
      () => EMPTY,
      (sku, event, inv) => applyInventoryEvent(sku, event, inv),
      Named.as('reserve'),
      // Every decision must leave the table (a cache would fold two orders of one SKU into one update).
      Materialized.as<string, Inventory>(INVENTORY_STORE).withValueSerde(serdes.inventory).withCachingDisabled(),
    )
    .toStream('inventory-changes')
    .filter((_sku, inv) => inv !== null && inv.last !== null, 'decisions-only')
    .map((_sku, inv) => ({ key: inv!.last!.orderId, value: inv!.last! }), 'by-order-id')
    .to(TOPICS.reservations, Produced.with(serdes.key, serdes.reservation).withName('reservations-sink'));
  return builder.build();
}
