import { Serdes, TopologyTestDriver } from '@tributary/streams';
import { describe, expect, it } from 'vitest';
import type { Notification, Order, OrderStatus, PaymentResult, Reservation } from '../domain/order.js';
import { buildOrderStatusTopology } from './order-status-topology.js';
import { SERDE_DEFAULTS } from './serdes.js';
import { TOPICS } from './topics.js';

const order: Order = { orderId: 'o1', customerId: 'c', email: 'c@example.com', sku: 'sku-01', quantity: 2, amountCents: 500, placedAt: 0 };
const paid: PaymentResult = { orderId: 'o1', status: 'PAID', attempts: 1, reason: null, authorizationId: 'auth-1', processedBy: 'payment-1' };
const declined: PaymentResult = { ...paid, status: 'FAILED', reason: 'card declined', authorizationId: null };
const reserved: Reservation = { orderId: 'o1', sku: 'sku-01', quantity: 2, status: 'RESERVED', availableAfter: 3 };
const noStock: Reservation = { ...reserved, status: 'OUT_OF_STOCK' };
const email: Notification = { orderId: 'o1', channel: 'email', to: 'c@example.com', subject: 'hi', sentBy: 'notification-1' };

type Step = readonly [string, unknown];

function run(steps: readonly Step[]): OrderStatus[] {
  const d = new TopologyTestDriver(buildOrderStatusTopology(), { applicationId: 'order-status-service', ...SERDE_DEFAULTS }, 1_000);
  steps.forEach(([topic, value], i) => d.createInputTopic(topic, Serdes.String(), Serdes.Json()).pipeInput('o1', value, 1_000 + i));
  return d.createOutputTopic(TOPICS.orderStatus, Serdes.String(), Serdes.Json<OrderStatus>()).readValuesToList() as OrderStatus[];
}

const finals = (out: readonly OrderStatus[]) => out.filter((s) => s.final).map((s) => s.status);

describe('order-status topology (TopologyTestDriver)', () => {
  it('reports progress, then COMPLETED once payment, reservation and confirmation are in', () => {
    const out = run([[TOPICS.orders, order], [TOPICS.notifications, email], [TOPICS.payments, paid], [TOPICS.reservations, reserved]]);
    expect(out.map((s) => s.status)).toEqual(['PENDING', 'PENDING', 'PENDING', 'COMPLETED']);
    expect(out[2]).toMatchObject({ payment: 'PAID', inventory: null, notified: true });
  });

  it('emits the final status once, even when a payment is charged again by another instance', () => {
    const again = { ...paid, processedBy: 'payment-2' };
    const out = run([[TOPICS.orders, order], [TOPICS.payments, paid], [TOPICS.reservations, reserved], [TOPICS.notifications, email], [TOPICS.payments, again], [TOPICS.notifications, email]]);
    expect(finals(out)).toEqual(['COMPLETED']);
    expect(out.at(-1)?.status).toBe('COMPLETED');
  });

  it('a failed payment wins over missing stock, whichever answer comes first', () => {
    expect(finals(run([[TOPICS.orders, order], [TOPICS.reservations, noStock], [TOPICS.payments, declined], [TOPICS.notifications, email]]))).toEqual(['PAYMENT_FAILED']);
    expect(finals(run([[TOPICS.orders, order], [TOPICS.payments, declined], [TOPICS.notifications, email], [TOPICS.reservations, noStock]]))).toEqual(['PAYMENT_FAILED']);
    expect(finals(run([[TOPICS.orders, order], [TOPICS.payments, paid], [TOPICS.notifications, email], [TOPICS.reservations, noStock]]))).toEqual(['OUT_OF_STOCK']);
  });

  it('answers that arrive before the order wait for it', () => {
    const out = run([[TOPICS.payments, paid], [TOPICS.reservations, reserved], [TOPICS.notifications, email], [TOPICS.orders, order]]);
    expect(out.map((s) => s.status)).toEqual(['COMPLETED']);
  });
});
