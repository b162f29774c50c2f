// Describe Transactions (API key 65): field facts and version ranges as in Apache Kafka 3.9
// (checked against kafka-clients 3.9.2's DescribeTransactions*Data schemas).
import { defineMessage } from '../schema/define-message.js';
import type { MessageData } from '../schema/schema-types.js';

export const describeTransactionsRequestSchema = defineMessage({
  name: 'DescribeTransactionsRequest',
  apiKey: 65,
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'transactionalIds', type: '[]string', versions: '0+' },
  ],
});
export type DescribeTransactionsRequest = MessageData<typeof describeTransactionsRequestSchema>;

export const describeTransactionsResponseSchema = defineMessage({
  name: 'DescribeTransactionsResponse',
  apiKey: 65,
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'transactionStates', type: '[]struct', versions: '0+', fields: [
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'transactionalId', type: 'string', versions: '0+' },
      { name: 'transactionState', type: 'string', versions: '0+' },
      { name: 'transactionTimeoutMs', type: 'int32', versions: '0+' },
      { name: 'transactionStartTimeMs', type: 'int64', versions: '0+' },
      { name: 'producerId', type: 'int64', versions: '0+' },
      { name: 'producerEpoch', type: 'int16', versions: '0+' },
      // Partitions in the current transaction, grouped by topic.
      { name: 'topics', type: '[]struct', versions: '0+', fields: [
        { name: 'topic', type: 'string', versions: '0+' },
        { name: 'partitions', type: '[]int32', versions: '0+' },
      ] },
    ] },
  ],
});
export type DescribeTransactionsResponse = MessageData<typeof describeTransactionsResponseSchema>;
