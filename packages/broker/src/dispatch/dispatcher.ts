import { TributaryError } from '@tributary/protocol';
import type { ConnectionInfo, DispatchOutcome, RequestDispatcher } from '../server/request-dispatcher.js';
import type { ApiHandler, VersionRange } from './api-handler.js';
import { NO_RESPONSE } from './api-handler.js';
import type { BrokerContext } from './broker-context.js';
import { EncodedBody, frameEncodedBody } from './encoded-body.js';
import { apiVersionsUnsupportedResponse, peekRequestHeader } from './request-header.js';
import type { WireCodec } from './wire-codec.js';

const API_VERSIONS_KEY = 18;
/** APIs a client may call before authenticating: version discovery and SASL itself. */
const AUTH_FREE_APIS = new Set([17, 18, 36]);

/** A handler together with the versions it both serves and the protocol can decode. */
export interface RegisteredApi {
  handler: ApiHandler;
  advertised: VersionRange;
  served: VersionRange;
}

/**
 * Routes each frame to its handler: checks key and version against what is served, decodes with
 * the protocol package, runs the handler and encodes its answer. Anything it cannot answer in the
 * client's own format closes the connection (Kafka does the same), with a log line.
 */
export class Dispatcher implements RequestDispatcher {
  readonly apis: ReadonlyMap<number, RegisteredApi>;
  private readonly requiresAuth: boolean;

  constructor(
    handlers: readonly ApiHandler[],
    private readonly codec: WireCodec,
    private readonly broker: BrokerContext,
  ) {
    const apis = new Map<number, RegisteredApi>();
    for (const h of handlers) {
      const schema = codec.schemaVersions(h.apiKey);
      if (!schema) continue;
      const advertised = intersect(h.advertised, schema);
      const served = intersect(h.served ?? h.advertised, advertised);
      if (advertised.min > advertised.max || served.min > served.max) continue;
      apis.set(h.apiKey, { handler: h, advertised, served });
    }
    this.apis = apis;
    this.requiresAuth = broker.config.saslPlainUsers.length > 0;
  }

  /** ApiVersions entries, ascending by key. */
  advertisedApis(): Array<{ apiKey: number; minVersion: number; maxVersion: number }> {
    return [...this.apis.values()]
      .map((a) => ({ apiKey: a.handler.apiKey, minVersion: a.advertised.min, maxVersion: a.advertised.max }))
      .sort((a, b) => a.apiKey - b.apiKey);
  }

  async dispatch(frame: Buffer, conn: ConnectionInfo): Promise<DispatchOutcome> {
    const head = peekRequestHeader(frame);
    if (!head) {
      conn.logger.warn({ conn: conn.id, remote: conn.remote, size: frame.length }, 'request too short for a header');
      return { kind: 'close', reason: 'short request' };
    }
    const api = this.apis.get(head.apiKey);
    if (!api) {
      conn.logger.warn({ conn: conn.id, remote: conn.remote, ...head }, 'unsupported API key; closing connection');
      return { kind: 'close', reason: 'unknown api key' };
    }
    if (head.apiVersion < api.served.min || head.apiVersion > api.served.max) {
      if (head.apiKey === API_VERSIONS_KEY) {
        conn.logger.debug({ conn: conn.id, ...head }, 'ApiVersions above max: answering v0 UNSUPPORTED_VERSION');
        return {
          kind: 'respond',
          bytes: apiVersionsUnsupportedResponse(head.correlationId, api.advertised.min, api.advertised.max),
        };
      }
      conn.logger.warn({ conn: conn.id, remote: conn.remote, ...head }, 'unsupported API version; closing connection');
      return { kind: 'close', reason: 'unsupported version' };
    }

    if (this.requiresAuth && !AUTH_FREE_APIS.has(head.apiKey) && !conn.attributes.has('principal')) {
      conn.logger.warn({ conn: conn.id, remote: conn.remote, ...head }, 'request before SASL authentication; closing connection');
      return { kind: 'close', reason: 'unauthenticated' };
    }

    let request;
    try {
      request = this.codec.decodeRequest(frame);
    } catch (err) {
      conn.logger.warn(
        { conn: conn.id, remote: conn.remote, ...head, err: describe(err) },
        'malformed request; closing connection',
      );
      return { kind: 'close', reason: 'malformed request' };
    }

    const result = await api.handler.handle(request.body, {
      apiVersion: request.apiVersion,
      correlationId: request.correlationId,
      clientId: request.clientId,
      conn,
      broker: this.broker,
    });
    if (result === NO_RESPONSE) return { kind: 'none' };
    if (result instanceof EncodedBody) return { kind: 'respond', bytes: frameEncodedBody(request.correlationId, result) };
    try {
      return {
        kind: 'respond',
        bytes: this.codec.encodeResponse(request.apiKey, request.apiVersion, request.correlationId, result),
      };
    } catch (err) {
      conn.logger.error({ conn: conn.id, ...head, err: describe(err) }, 'could not encode response; closing connection');
      return { kind: 'close', reason: 'encode failure' };
    }
  }
}

function intersect(a: VersionRange, b: VersionRange): VersionRange {
  return { min: Math.max(a.min, b.min), max: Math.min(a.max, b.max) };
}

function describe(err: unknown): string {
  if (err instanceof TributaryError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
