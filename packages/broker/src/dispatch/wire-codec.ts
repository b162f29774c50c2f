import type { VersionRange } from './api-handler.js';

/** A request decoded by the protocol package. */
export interface DecodedRequest {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  body: unknown;
}

/** The slice of @tributary/protocol the dispatcher uses (kept narrow so tests can stub it). */
export interface WireCodec {
  /** Versions the protocol package can encode/decode for an API key, or undefined. */
  schemaVersions(apiKey: number): VersionRange | undefined;
  decodeRequest(frame: Buffer): DecodedRequest;
  /** Response bytes with the int32 size prefix. */
  encodeResponse(apiKey: number, apiVersion: number, correlationId: number, body: unknown): Buffer | readonly Buffer[];
}
