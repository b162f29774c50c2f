import { apiSchemas, decodeRequest, encodeResponse, type ApiKeyNumber } from '@tributary/protocol';
import type { DecodedRequest, WireCodec } from './wire-codec.js';

/** The WireCodec backed by @tributary/protocol's schemas. */
export const protocolCodec: WireCodec = {
  schemaVersions(apiKey) {
    const entry = apiSchemas[apiKey];
    return entry ? { min: entry.minVersion, max: entry.maxVersion } : undefined;
  },
  decodeRequest(frame): DecodedRequest {
    const req = decodeRequest(frame);
    const h = req.header;
    return { apiKey: h.apiKey, apiVersion: h.apiVersion, correlationId: h.correlationId, clientId: h.clientId, body: req.body };
  },
  encodeResponse(apiKey, apiVersion, correlationId, body) {
    return encodeResponse(apiKey as ApiKeyNumber, apiVersion, correlationId, body as never);
  },
};
