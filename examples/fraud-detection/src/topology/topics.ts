/** Every topic the fraud-detection app reads or writes. */
export const TOPICS = {
  transactions: 'transactions',
  cardBlocklist: 'card-blocklist',
  merchantRisk: 'merchant-risk',
  alerts: 'fraud-alerts',
  summary: 'fraud-summary',
  deadLetter: 'transactions-dlq',
} as const;

/** Header names on dead-lettered transactions. */
export const DLQ_ERROR_HEADER = 'fraud.error';
export const DLQ_SOURCE_HEADER = 'fraud.source-topic';
