// Add Offsets To Txn (API key 25): field facts and version ranges as in Apache Kafka 3.9.0.
import { defineMessage } from '../schema/define-message.js';
import type { MessageData } from '../schema/schema-types.js';

export const addOffsetsToTxnRequestSchema = defineMessage({
  name: 'AddOffsetsToTxnRequest',
  apiKey: 25,
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '0+' },
    { name: 'producerEpoch', type: 'int16', versions: '0+' },
    { name: 'groupId', type: 'string', versions: '0+' },
  ],
});
export type AddOffsetsToTxnRequest = MessageData<typeof addOffsetsToTxnRequestSchema>;

export const addOffsetsToTxnResponseSchema = defineMessage({
  name: 'AddOffsetsToTxnResponse',
  apiKey: 25,
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
  ],
});
export type AddOffsetsToTxnResponse = MessageData<typeof addOffsetsToTxnResponseSchema>;
