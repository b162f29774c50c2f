/** An order placed on the shop front; key `orderId` on `orders`. */
export interface Order {
  readonly orderId: string;
  readonly customerId: string;
  readonly email: string;
  readonly sku: string;
  readonly quantity: number;
  readonly amountCents: number;
  readonly placedAt: number;
}

/** The warehouse's count of one SKU; key `sku` on `stock` (the latest count wins). */
export interface StockLevel {
  readonly sku: string;
  readonly units: number;
}

/** What the payment service decided; key `orderId` on `payments`. */
export interface PaymentResult {
  readonly orderId: string;
  readonly status: 'PAID' | 'FAILED';
  readonly attempts: number;
  /** Why a payment failed ("card declined", "gateway unavailable after 3 attempts"). */
  readonly reason: string | null;
  readonly authorizationId: string | null;
  /** Which instance charged it (differs when a replay after a crash charges again). */
  readonly processedBy: string;
}

/** What the inventory app decided; key `orderId` on `inventory-reservations`. */
export interface Reservation {
  readonly orderId: string;
  readonly sku: string;
  readonly quantity: number;
  readonly status: 'RESERVED' | 'OUT_OF_STOCK';
  /** Units of the SKU left after this decision. */
  readonly availableAfter: number;
}

/** A confirmation the notification service sent; key `orderId` on `notifications`. */
export interface Notification {
  readonly orderId: string;
  readonly channel: 'email';
  readonly to: string;
  readonly subject: string;
  readonly sentBy: string;
}

export const FINAL_STATUSES = ['COMPLETED', 'PAYMENT_FAILED', 'OUT_OF_STOCK'] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];

/** One row of `order-status`: where an order stands, joined from every service's answer. */
export interface OrderStatus {
  readonly orderId: string;
  readonly status: FinalStatus | 'PENDING';
  readonly final: boolean;
  readonly payment: PaymentResult['status'] | null;
  readonly inventory: Reservation['status'] | null;
  readonly notified: boolean;
  readonly reason: string | null;
}

/**
 * The business rule: an order is decided once payment, inventory and the confirmation are all
 * in. A failed payment wins over missing stock, so both failing reads PAYMENT_FAILED whichever
 * answer came first.
 */
export function orderStatus(order: Order, payment: PaymentResult | null, reservation: Reservation | null, notification: Notification | null): OrderStatus {
  const base = { orderId: order.orderId, payment: payment?.status ?? null, inventory: reservation?.status ?? null, notified: notification !== null };
  if (payment === null || reservation === null || notification === null) return { ...base, status: 'PENDING', final: false, reason: null };
  if (payment.status === 'FAILED') return { ...base, status: 'PAYMENT_FAILED', final: true, reason: payment.reason };
  if (reservation.status === 'OUT_OF_STOCK') {
    return { ...base, status: 'OUT_OF_STOCK', final: true, reason: `${order.quantity} x ${order.sku} wanted, ${reservation.availableAfter} available` };
  }
  return { ...base, status: 'COMPLETED', final: true, reason: null };
}
