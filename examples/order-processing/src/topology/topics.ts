/** Every topic of the walk-through. Keys are order ids, except `stock` (SKU). */
export const TOPICS = {
  orders: 'orders',
  stock: 'stock',
  payments: 'payments',
  paymentsDlq: 'payments-dlq',
  reservations: 'inventory-reservations',
  notifications: 'notifications',
  orderStatus: 'order-status',
} as const;

/** Headers on dead-lettered payments (the value is the original order, unchanged, for replay). */
export const DLQ_HEADERS = {
  error: 'payment.error',
  errorCode: 'payment.error.code',
  attempts: 'payment.attempts',
  sourceTopic: 'payment.source.topic',
  sourcePartition: 'payment.source.partition',
  sourceOffset: 'payment.source.offset',
  failedBy: 'payment.failed.by',
} as const;

/** Application ids of the two streams apps (their consumer groups and internal-topic prefixes). */
export const APPS = {
  inventory: 'inventory-service',
  orderStatus: 'order-status-service',
} as const;

/** Consumer groups of the plain services. */
export const GROUPS = {
  payment: 'payment-service',
  notification: 'notification-service',
} as const;
