// Sasl Authenticate (API key 36): field facts and version ranges as in Apache Kafka 3.9.0.
import { defineMessage } from '../schema/define-message.js';
import type { MessageData } from '../schema/schema-types.js';

export const saslAuthenticateRequestSchema = defineMessage({
  name: 'SaslAuthenticateRequest',
  apiKey: 36,
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'authBytes', type: 'bytes', versions: '0+' },
  ],
});
export type SaslAuthenticateRequest = MessageData<typeof saslAuthenticateRequestSchema>;

export const saslAuthenticateResponseSchema = defineMessage({
  name: 'SaslAuthenticateResponse',
  apiKey: 36,
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'authBytes', type: 'bytes', versions: '0+' },
    { name: 'sessionLifetimeMs', type: 'int64', versions: '1+' },
  ],
});
export type SaslAuthenticateResponse = MessageData<typeof saslAuthenticateResponseSchema>;
