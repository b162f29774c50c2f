import { PRINCIPAL_ATTR, SASL_FAILED_ATTR } from '../sasl/sasl-attributes.js';
import type { ConnectionInfo, DispatchOutcome, RequestDispatcher } from './request-dispatcher.js';

/** What a client may send on a SASL listener before it is authenticated. */
const AUTH_FREE_APIS = new Set([17 /* SaslHandshake */, 18 /* ApiVersions */, 36 /* SaslAuthenticate */]);

/**
 * The authentication gate of a SASL_PLAINTEXT or SASL_SSL listener, in front of its dispatcher.
 * Like Kafka's SASL authenticator: until SaslAuthenticate succeeds, only ApiVersions and the SASL
 * requests pass (anything else closes the connection), and a failed handshake or authentication
 * is answered and then the connection is closed.
 */
export class SaslGate implements RequestDispatcher {
  constructor(private readonly inner: RequestDispatcher) {}

  async dispatch(frame: Buffer, conn: ConnectionInfo): Promise<DispatchOutcome> {
    const apiKey = frame.length >= 6 ? frame.readInt16BE(4) : -1;
    if (!conn.attributes.has(PRINCIPAL_ATTR) && !AUTH_FREE_APIS.has(apiKey)) {
      conn.logger.warn({ conn: conn.id, remote: conn.remote, apiKey }, 'request before SASL authentication; closing connection');
      return { kind: 'close', reason: 'unauthenticated' };
    }
    const outcome = await this.inner.dispatch(frame, conn);
    if (outcome.kind === 'respond' && conn.attributes.get(SASL_FAILED_ATTR) === true) {
      return { ...outcome, closeAfter: 'SASL authentication failed' };
    }
    return outcome;
  }
}
