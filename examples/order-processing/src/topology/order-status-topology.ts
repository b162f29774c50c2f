import { Consumed, Materialized, Named, Produced, StreamsBuilder, Stores, type Topology } from '@tributary/streams';
import { orderStatus, type Notification, type Order, type OrderStatus, type PaymentResult, type Reservation } from '../domain/order.js';
import { serdes } from './serdes.js';
import { statusTransitions } from './status-transitions.js';
import { TOPICS } from './topics.js';

export const STATUS_STORES = {
  orders: 'orders-table',
  payments: 'payments-table',
  reservations: 'reservations-table',
  notifications: 'notifications-table',
  status: 'order-status-table',
  emitted: 'status-emitted',
} as const;

/**
 * orders ─────────── table ─┐
 * payments ───────── table ─┼─ left joins by order id ─▶ order-status-table ─▶ transitions ─▶ order-status
 * inventory-reservations ───┤
 * notifications ──── table ─┘
 * All four topics are keyed by order id with the same partition count (co-partitioned), so
 * each task joins its own partition of each.
 */
export function buildOrderStatusTopology(): Topology {
  const builder = new StreamsBuilder();
  const orders = builder.table(TOPICS.orders, Consumed.with(serdes.key, serdes.order).withName('orders-source'), Materialized.as<string, Order>(STATUS_STORES.orders));
  const payments = builder.table(TOPICS.payments, Consumed.with(serdes.key, serdes.payment).withName('payments-source'), Materialized.as<string, PaymentResult>(STATUS_STORES.payments));
  const reservations = builder.table(TOPICS.reservations, Consumed.with(serdes.key, serdes.reservation).withName('reservations-source'), Materialized.as<string, Reservation>(STATUS_STORES.reservations));
  const notifications = builder.table(TOPICS.notifications, Consumed.with(serdes.key, serdes.notification).withName('notifications-source'), Materialized.as<string, Notification>(STATUS_STORES.notifications));

  builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STATUS_STORES.emitted), serdes.key, serdes.text));
  orders
    .leftJoin(payments, (order, payment) => ({ order, payment }), Named.as('with-payment'))
    .leftJoin(reservations, (s, reservation) => ({ ...s, reservation }), Named.as('with-reservation'))
    .leftJoin(notifications, (s, notification) => orderStatus(s.order, s.payment, s.reservation, notification), Named.as('with-notification'),
      Materialized.as<string, OrderStatus>(STATUS_STORES.status).withValueSerde(serdes.status))
    .toStream('status-changes')
    .processValues(statusTransitions(STATUS_STORES.emitted), Named.as('transitions'), STATUS_STORES.emitted)
    .to(TOPICS.orderStatus, Produced.with(serdes.key, serdes.status).withName('status-sink'));
  return builder.build();
}
