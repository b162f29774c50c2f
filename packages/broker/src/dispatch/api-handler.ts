import type { ConnectionInfo } from '../server/request-dispatcher.js';
import type { BrokerContext } from './broker-context.js';

export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

/** Returned by a handler that must not answer (Produce with acks=0). */
export const NO_RESPONSE: unique symbol = Symbol('no-response');
export type NoResponse = typeof NO_RESPONSE;

export interface RequestContext {
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  readonly conn: ConnectionInfo;
  readonly broker: BrokerContext;
}

/** One Kafka API served by the broker; `handle` receives the decoded request body. */
export interface ApiHandler {
  readonly apiKey: number;
  readonly name: string;
  /** Versions listed in ApiVersions (before intersecting with the protocol's schema). */
  readonly advertised: VersionRange;
  /** Versions actually answered; defaults to `advertised` (Produce advertises 0 but serves 3+). */
  readonly served?: VersionRange;
  handle(body: unknown, ctx: RequestContext): unknown;
}

/** Typed construction of a handler; the registry stores them erased. */
export function defineHandler<Req, Res>(h: {
  apiKey: number;
  name: string;
  advertised: VersionRange;
  served?: VersionRange;
  handle(body: Req, ctx: RequestContext): Res | NoResponse | Promise<Res | NoResponse>;
}): ApiHandler {
  return h as ApiHandler;
}
