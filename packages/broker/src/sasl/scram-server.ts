import { randomBytes, timingSafeEqual } from 'node:crypto';
import { SaslAuthenticationError } from './sasl-authentication-error.js';
import type { SaslServer, SaslStep } from './sasl-server.js';
import { hash, hmac, xor, type ScramCredential } from './scram-credential.js';
import type { ScramMechanism } from './scram-mechanism.js';
import { formatServerFinal, formatServerFirst, parseClientFinal, parseClientFirst, type ClientFirstMessage } from './scram-messages.js';

export interface ScramServerOptions {
  readonly mechanism: ScramMechanism;
  /** The stored credential of a user for this mechanism, or undefined. */
  lookup(username: string): ScramCredential | undefined;
  /** The server's half of the nonce; random unless a test pins it. */
  serverNonce?: () => string;
}

/** Kafka's wording: it never says whether the user or the password was wrong. */
const INVALID_CREDENTIALS = 'Authentication failed during authentication due to invalid credentials with SASL mechanism';

/**
 * The server side of one SCRAM exchange (RFC 5802, as Kafka runs it per KIP-84): client-first →
 * server-first (combined nonce, salt, iterations), client-final → proof check → server-final
 * (`v=` server signature). Any failure ends the exchange.
 */
export class ScramServer implements SaslServer {
  readonly mechanism: string;
  private state: 'client-first' | 'client-final' | 'done' = 'client-first';
  private first: ClientFirstMessage | undefined;
  private serverFirst = '';
  private nonce = '';
  private credential: ScramCredential | undefined;

  constructor(private readonly opts: ScramServerOptions) {
    this.mechanism = opts.mechanism.name;
  }

  evaluate(token: Buffer): SaslStep {
    try {
      if (this.state === 'client-first') return this.onClientFirst(token.toString('utf8'));
      if (this.state === 'client-final') return this.onClientFinal(token.toString('utf8'));
      throw new SaslAuthenticationError('SCRAM exchange already finished');
    } catch (err) {
      this.state = 'done';
      throw err;
    }
  }

  private onClientFirst(text: string): SaslStep {
    const first = parseClientFirst(text);
    if (first.extensions.get('tokenauth') === 'true') {
      throw new SaslAuthenticationError('Delegation token authentication is not supported');
    }
    if (first.authzid !== null && first.authzid !== '' && first.authzid !== first.username) {
      throw new SaslAuthenticationError('Authentication failed: authorization id must equal the user name');
    }
    const credential = this.opts.lookup(first.username);
    if (!credential) throw new SaslAuthenticationError(`${INVALID_CREDENTIALS} ${this.mechanism}`);
    this.first = first;
    this.credential = credential;
    this.nonce = first.nonce + (this.opts.serverNonce?.() ?? randomBytes(24).toString('base64url'));
    this.serverFirst = formatServerFirst(this.nonce, credential.salt, credential.iterations);
    this.state = 'client-final';
    return { done: false, challenge: Buffer.from(this.serverFirst, 'utf8') };
  }

  private onClientFinal(text: string): SaslStep {
    const m = this.opts.mechanism;
    const first = this.first!;
    const cred = this.credential!;
    const final = parseClientFinal(text);
    // librdkafka sends its nonce again in front of the combined one; Kafka accepts any nonce that
    // ends with the combined one (the proof covers the message as sent), and so do we.
    if (!final.nonce.endsWith(this.nonce)) throw new SaslAuthenticationError('Invalid SCRAM nonce');
    if (final.channelBinding !== Buffer.from(first.gs2Header, 'utf8').toString('base64')) {
      throw new SaslAuthenticationError('Invalid SCRAM channel binding');
    }
    const authMessage = `${first.bare},${this.serverFirst},${final.withoutProof}`;
    const clientSignature = hmac(m, cred.storedKey, authMessage);
    if (final.proof.length !== clientSignature.length) throw new SaslAuthenticationError(`${INVALID_CREDENTIALS} ${this.mechanism}`);
    const clientKey = xor(final.proof, clientSignature);
    if (!timingSafeEqual(hash(m, clientKey), cred.storedKey)) {
      throw new SaslAuthenticationError(`${INVALID_CREDENTIALS} ${this.mechanism}`);
    }
    this.state = 'done';
    const serverFinal = formatServerFinal(hmac(m, cred.serverKey, authMessage));
    return { done: true, challenge: Buffer.from(serverFinal, 'utf8'), username: first.username };
  }
}
