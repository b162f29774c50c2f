import { CorruptRecordError } from '../errors/tributary-error.js';
import { ByteReader } from '../primitives/byte-reader.js';
import { ByteWriter } from '../primitives/byte-writer.js';
import { apiSchemas, type ApiKeyNumber, type ApiRequestMap, type ApiResponseMap } from './api-registry.js';
import { isFlexibleVersion, isValidVersion, readMessage, writeMessage, type DecodeOptions } from './message-codec.js';
import {
  readRequestHeaderV1,
  requestHeaderVersion,
  skipHeaderTaggedFields,
  writeRequestHeader,
  type RequestHeader,
} from './request-header.js';
import { readResponseHeader, responseHeaderVersion, writeResponseHeader } from './response-header.js';
import { InvalidRequestError, UnsupportedVersionError } from './schema-errors.js';
import type { MessageSchema } from './schema-types.js';

/** A decoded request, discriminated by `apiKey` so handlers get typed bodies. */
export type DecodedRequest = {
  [K in ApiKeyNumber]: {
    readonly apiKey: K;
    readonly header: RequestHeader & { readonly apiKey: K };
    readonly body: ApiRequestMap[K];
  };
}[ApiKeyNumber];

export interface DecodedResponse<K extends ApiKeyNumber> {
  readonly correlationId: number;
  readonly body: ApiResponseMap[K];
}

/**
 * Decodes one size-prefixed request frame (`int32 size` + header + body). An unknown API key or
 * version throws UnsupportedVersionError carrying the header; a malformed body throws
 * InvalidRequestError (header attached); a frame too short for its header throws CorruptRecordError.
 */
export function decodeRequest(frame: Buffer, options?: DecodeOptions): DecodedRequest {
  const r = frameReader(frame);
  const header = readRequestHeaderV1(r);
  const api = apiSchemas[header.apiKey];
  if (api === undefined || !isValidVersion(api.request, header.apiVersion)) {
    throw new UnsupportedVersionError(header.apiKey, header.apiVersion, header);
  }
  let body: unknown;
  try {
    if (requestHeaderVersion(isFlexibleVersion(api.request, header.apiVersion)) === 2) skipHeaderTaggedFields(r);
    body = readMessage(r, api.request, header.apiVersion, options);
  } catch (err) {
    if (err instanceof CorruptRecordError) throw new InvalidRequestError(header, err);
    throw err;
  }
  return { apiKey: header.apiKey, header, body } as DecodedRequest;
}

/** Encodes a size-prefixed request frame (header v1, or v2 for flexible versions). */
export function encodeRequest<K extends ApiKeyNumber>(
  header: RequestHeader & { readonly apiKey: K },
  body: ApiRequestMap[K],
): Buffer {
  const schema = schemaOf(header.apiKey, header.apiVersion, 'request');
  const w = new ByteWriter(256);
  const sizeAt = w.reserve(4);
  writeRequestHeader(w, header, requestHeaderVersion(isFlexibleVersion(schema, header.apiVersion)));
  writeMessage(w, schema, header.apiVersion, body as never);
  return w.patchInt32(sizeAt, w.length - 4).toBuffer();
}

/** Encodes a size-prefixed response frame, ready to write to the socket. */
export function encodeResponse<K extends ApiKeyNumber>(
  apiKey: K,
  apiVersion: number,
  correlationId: number,
  body: ApiResponseMap[K],
): Buffer {
  const schema = schemaOf(apiKey, apiVersion, 'response');
  const w = new ByteWriter(256);
  const sizeAt = w.reserve(4);
  writeResponseHeader(w, correlationId, responseHeaderVersion(apiKey, isFlexibleVersion(schema, apiVersion)));
  writeMessage(w, schema, apiVersion, body as never);
  return w.patchInt32(sizeAt, w.length - 4).toBuffer();
}

/** Decodes a size-prefixed response frame of a request the caller sent as `apiKey` v`apiVersion`. */
export function decodeResponse<K extends ApiKeyNumber>(
  apiKey: K,
  apiVersion: number,
  frame: Buffer,
  options?: DecodeOptions,
): DecodedResponse<K> {
  const schema = schemaOf(apiKey, apiVersion, 'response');
  const r = frameReader(frame);
  const correlationId = readResponseHeader(r, responseHeaderVersion(apiKey, isFlexibleVersion(schema, apiVersion)));
  const body = readMessage(r, schema, apiVersion, options) as unknown as ApiResponseMap[K];
  return { correlationId, body };
}

function schemaOf(apiKey: number, apiVersion: number, side: 'request' | 'response'): MessageSchema {
  const api = apiSchemas[apiKey];
  if (api === undefined || !isValidVersion(api[side], apiVersion)) throw new UnsupportedVersionError(apiKey, apiVersion);
  return api[side];
}

function frameReader(frame: Buffer): ByteReader {
  const r = new ByteReader(frame);
  const size = r.int32();
  if (size !== frame.length - 4) {
    throw new CorruptRecordError(`frame size field ${size} does not match ${frame.length - 4} byte(s) after it`);
  }
  return r;
}
