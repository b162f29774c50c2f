// Delete Topics (API key 20): field facts and version ranges as in Apache Kafka 3.9.0.
import { defineMessage } from '../schema/define-message.js';
import type { MessageData } from '../schema/schema-types.js';

export const deleteTopicsRequestSchema = defineMessage({
  name: 'DeleteTopicsRequest',
  apiKey: 20,
  validVersions: '0-6',
  flexibleVersions: '4+',
  fields: [
    { name: 'topics', type: '[]struct', versions: '6+', fields: [
      { name: 'name', type: 'string', versions: '6+', nullableVersions: '6+', default: null },
      { name: 'topicId', type: 'uuid', versions: '6+' },
    ] },
    { name: 'topicNames', type: '[]string', versions: '0-5' },
    { name: 'timeoutMs', type: 'int32', versions: '0+' },
  ],
});
export type DeleteTopicsRequest = MessageData<typeof deleteTopicsRequestSchema>;

export const deleteTopicsResponseSchema = defineMessage({
  name: 'DeleteTopicsResponse',
  apiKey: 20,
  validVersions: '0-6',
  flexibleVersions: '4+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+' },
    { name: 'responses', type: '[]struct', versions: '0+', fields: [
      { name: 'name', type: 'string', versions: '0+', nullableVersions: '6+' },
      { name: 'topicId', type: 'uuid', versions: '6+' },
      { name: 'errorCode', type: 'int16', versions: '0+' },
      { name: 'errorMessage', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
    ] },
  ],
});
export type DeleteTopicsResponse = MessageData<typeof deleteTopicsResponseSchema>;
