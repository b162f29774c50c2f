import type { ByteReader } from '../primitives/byte-reader.js';
import type { ByteWriter } from '../primitives/byte-writer.js';
import { skipHeaderTaggedFields } from './request-header.js';

const API_VERSIONS_KEY = 18;

/**
 * Header v0 (correlation id) for classic versions, v1 (+ tagged fields) for flexible ones — except
 * ApiVersions, whose responses always use v0 so a client can read them before knowing our versions (KIP-511).
 */
export function responseHeaderVersion(apiKey: number, flexibleBody: boolean): 0 | 1 {
  return flexibleBody && apiKey !== API_VERSIONS_KEY ? 1 : 0;
}

export function writeResponseHeader(w: ByteWriter, correlationId: number, version: 0 | 1): void {
  w.int32(correlationId);
  if (version === 1) w.uvarint(0);
}

/** Returns the correlation id. */
export function readResponseHeader(r: ByteReader, version: 0 | 1): number {
  const correlationId = r.int32();
  if (version === 1) skipHeaderTaggedFields(r);
  return correlationId;
}
