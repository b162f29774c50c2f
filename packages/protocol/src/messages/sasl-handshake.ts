// Sasl Handshake (API key 17): field facts and version ranges as in Apache Kafka 3.9.0.
import { defineMessage } from '../schema/define-message.js';
import type { MessageData } from '../schema/schema-types.js';

export const saslHandshakeRequestSchema = defineMessage({
  name: 'SaslHandshakeRequest',
  apiKey: 17,
  validVersions: '0-1',
  flexibleVersions: 'none',
  fields: [
    { name: 'mechanism', type: 'string', versions: '0+' },
  ],
});
export type SaslHandshakeRequest = MessageData<typeof saslHandshakeRequestSchema>;

export const saslHandshakeResponseSchema = defineMessage({
  name: 'SaslHandshakeResponse',
  apiKey: 17,
  validVersions: '0-1',
  flexibleVersions: 'none',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'mechanisms', type: '[]string', versions: '0+' },
  ],
});
export type SaslHandshakeResponse = MessageData<typeof saslHandshakeResponseSchema>;
