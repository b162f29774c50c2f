import { TributaryError } from '../errors/tributary-error.js';
import type { RequestHeader } from './request-header.js';

/**
 * An API key or version this codec has no schema for. When raised while decoding a request it
 * carries the parsed header, so the broker can still answer (Kafka error 35) on the right correlation id.
 */
export class UnsupportedVersionError extends TributaryError {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly header: RequestHeader | undefined;

  constructor(apiKey: number, apiVersion: number, header?: RequestHeader) {
    super('UNSUPPORTED_VERSION', `unsupported API key ${apiKey} version ${apiVersion}`);
    this.apiKey = apiKey;
    this.apiVersion = apiVersion;
    this.header = header;
  }
}

/** A request whose header parsed but whose body is malformed (Kafka error 42, or close the connection). */
export class InvalidRequestError extends TributaryError {
  readonly header: RequestHeader;

  constructor(header: RequestHeader, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super('INVALID_REQUEST', `malformed API key ${header.apiKey} v${header.apiVersion} request: ${why}`, { cause });
    this.header = header;
  }
}
