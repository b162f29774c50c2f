import type { ApiHandler } from '../dispatch/api-handler.js';
import { defineHandler } from '../dispatch/api-handler.js';
import { KafkaErrorCode } from '../errors/kafka-error-code.js';
import { PRINCIPAL_ATTR, SASL_EXCHANGE_ATTR, SASL_FAILED_ATTR } from '../sasl/sasl-attributes.js';
import { SaslAuthenticationError } from '../sasl/sasl-authentication-error.js';
import type { SaslServer } from '../sasl/sasl-server.js';

const EMPTY = Buffer.alloc(0);

/**
 * SaslAuthenticate: feeds the client's token to the exchange SaslHandshake started. A failure
 * answers SASL_AUTHENTICATION_FAILED (or ILLEGAL_SASL_STATE) and marks the connection, which the
 * server closes once the answer is written, as Kafka does.
 */
export const saslAuthenticateHandler: ApiHandler = defineHandler<{ authBytes: Buffer }, unknown>({
  apiKey: 36,
  name: 'SaslAuthenticate',
  advertised: { min: 0, max: 2 },
  handle(req, ctx) {
    const attrs = ctx.conn.attributes;
    const fail = (errorCode: number, errorMessage: string): unknown => {
      attrs.set(SASL_FAILED_ATTR, true);
      attrs.delete(SASL_EXCHANGE_ATTR);
      return { errorCode, errorMessage, authBytes: EMPTY, sessionLifetimeMs: 0 };
    };
    const exchange = attrs.get(SASL_EXCHANGE_ATTR) as SaslServer | undefined;
    if (!exchange || attrs.has(PRINCIPAL_ATTR)) {
      return fail(KafkaErrorCode.ILLEGAL_SASL_STATE, 'SaslHandshake must come first');
    }
    try {
      const step = exchange.evaluate(req.authBytes);
      if (step.done) {
        attrs.delete(SASL_EXCHANGE_ATTR);
        attrs.set(PRINCIPAL_ATTR, `User:${step.username}`);
        ctx.conn.logger.debug({ conn: ctx.conn.id, user: step.username, mechanism: exchange.mechanism }, 'SASL authenticated');
      }
      return { errorCode: 0, errorMessage: null, authBytes: step.challenge, sessionLifetimeMs: 0 };
    } catch (err) {
      if (!(err instanceof SaslAuthenticationError)) throw err;
      ctx.conn.logger.warn(
        { conn: ctx.conn.id, remote: ctx.conn.remote, mechanism: exchange.mechanism, reason: err.message },
        'SASL authentication failed',
      );
      return fail(KafkaErrorCode.SASL_AUTHENTICATION_FAILED, err.message);
    }
  },
});
