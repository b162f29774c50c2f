// End Txn (API key 26): field facts and version ranges as in Apache Kafka 3.9.0.
import { defineMessage } from '../schema/define-message.js';
import type { MessageData } from '../schema/schema-types.js';

export const endTxnRequestSchema = defineMessage({
  name: 'EndTxnRequest',
  apiKey: 26,
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '0+' },
    { name: 'producerEpoch', type: 'int16', versions: '0+' },
    { name: 'committed', type: 'bool', versions: '0+' },
  ],
});
export type EndTxnRequest = MessageData<typeof endTxnRequestSchema>;

export const endTxnResponseSchema = defineMessage({
  name: 'EndTxnResponse',
  apiKey: 26,
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
  ],
});
export type EndTxnResponse = MessageData<typeof endTxnResponseSchema>;
