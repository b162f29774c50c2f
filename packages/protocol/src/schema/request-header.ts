import type { ByteReader } from '../primitives/byte-reader.js';
import type { ByteWriter } from '../primitives/byte-writer.js';

export interface RequestHeader {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
}

/** Header v1 for classic request versions, v2 (v1 + tagged fields) for flexible ones. */
export function requestHeaderVersion(flexibleBody: boolean): 1 | 2 {
  return flexibleBody ? 2 : 1;
}

/** The v1 part shared by v1 and v2: client_id is an int16-length nullable string even in v2. */
export function readRequestHeaderV1(r: ByteReader): RequestHeader {
  const apiKey = r.int16();
  const apiVersion = r.int16();
  const correlationId = r.int32();
  const clientId = r.nullableString();
  return { apiKey, apiVersion, correlationId, clientId };
}

/** Skips header v2's tagged fields (none are defined for clients to send). */
export function skipHeaderTaggedFields(r: ByteReader): void {
  const count = r.uvarint();
  for (let i = 0; i < count; i++) {
    r.uvarint();
    r.skip(r.uvarint());
  }
}

export function writeRequestHeader(w: ByteWriter, header: RequestHeader, version: 1 | 2): void {
  w.int16(header.apiKey).int16(header.apiVersion).int32(header.correlationId).nullableString(header.clientId);
  if (version === 2) w.uvarint(0);
}
