import type { ApiHandler, RequestContext } from '../dispatch/api-handler.js';
import { defineHandler } from '../dispatch/api-handler.js';
import { KafkaErrorCode } from '../errors/kafka-error-code.js';
import { PRINCIPAL_ATTR, SASL_EXCHANGE_ATTR, SASL_FAILED_ATTR, SASL_MECHANISM_ATTR } from '../sasl/sasl-attributes.js';
import type { SaslMechanisms } from '../sasl/sasl-server.js';
import { plainMechanismsOf } from './sasl-plain-defaults.js';

export { PRINCIPAL_ATTR, SASL_MECHANISM_ATTR };

/**
 * SaslHandshake: picks the mechanism and lists the enabled ones. v0 is advertised (librdkafka
 * enables SASL only when ApiVersions lists it, then sends v1) but only v1 is served: v0 switches
 * the connection to raw SASL tokens outside request frames, which no target client needs. An unsupported
 * mechanism is answered, then the connection closes, as Kafka does.
 */
export function saslHandshakeHandlerFor(mechanismsOf: (ctx: RequestContext) => SaslMechanisms): ApiHandler {
  return defineHandler<{ mechanism: string }, unknown>({
    apiKey: 17,
    name: 'SaslHandshake',
    advertised: { min: 0, max: 1 },
    served: { min: 1, max: 1 },
    handle(req, ctx) {
      const mechanisms = mechanismsOf(ctx);
      const attrs = ctx.conn.attributes;
      if (attrs.has(SASL_MECHANISM_ATTR) || attrs.has(PRINCIPAL_ATTR)) {
        attrs.set(SASL_FAILED_ATTR, true);
        return { errorCode: KafkaErrorCode.ILLEGAL_SASL_STATE, mechanisms: mechanisms.names };
      }
      const exchange = mechanisms.start(req.mechanism);
      if (!exchange) {
        ctx.conn.logger.warn({ conn: ctx.conn.id, remote: ctx.conn.remote, mechanism: req.mechanism }, 'unsupported SASL mechanism');
        attrs.set(SASL_FAILED_ATTR, true);
        return { errorCode: KafkaErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: mechanisms.names };
      }
      attrs.set(SASL_MECHANISM_ATTR, req.mechanism);
      attrs.set(SASL_EXCHANGE_ATTR, exchange);
      return { errorCode: 0, mechanisms: mechanisms.names };
    },
  });
}

/** SaslHandshake over `sasl.plain.users` only (the broker builds the full set at startup). */
export const saslHandshakeHandler: ApiHandler = saslHandshakeHandlerFor((ctx) => plainMechanismsOf(ctx.broker.config));
