// List Transactions (API key 66): field facts and version ranges as in Apache Kafka 3.9
// (checked against kafka-clients 3.9.2's ListTransactions*Data schemas).
import { defineMessage } from '../schema/define-message.js';
import type { MessageData } from '../schema/schema-types.js';

export const listTransactionsRequestSchema = defineMessage({
  name: 'ListTransactionsRequest',
  apiKey: 66,
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'stateFilters', type: '[]string', versions: '0+' },
    { name: 'producerIdFilters', type: '[]int64', versions: '0+' },
    // v1 (KIP-994): only transactions running longer than this many ms; < 0 means no filter.
    { name: 'durationFilter', type: 'int64', versions: '1+', default: -1 },
  ],
});
export type ListTransactionsRequest = MessageData<typeof listTransactionsRequestSchema>;

export const listTransactionsResponseSchema = defineMessage({
  name: 'ListTransactionsResponse',
  apiKey: 66,
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'unknownStateFilters', type: '[]string', versions: '0+' },
    { name: 'transactionStates', type: '[]struct', versions: '0+', fields: [
      { name: 'transactionalId', type: 'string', versions: '0+' },
      { name: 'producerId', type: 'int64', versions: '0+' },
      { name: 'transactionState', type: 'string', versions: '0+' },
    ] },
  ],
});
export type ListTransactionsResponse = MessageData<typeof listTransactionsResponseSchema>;
