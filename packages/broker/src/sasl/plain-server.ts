import { timingSafeEqual } from 'node:crypto';
import { SaslAuthenticationError } from './sasl-authentication-error.js';
import type { SaslServer, SaslStep } from './sasl-server.js';

const EMPTY = Buffer.alloc(0);

/** SASL/PLAIN (RFC 4616): one token `[authzid] NUL username NUL password`. */
export class PlainServer implements SaslServer {
  readonly mechanism = 'PLAIN';
  private used = false;

  constructor(private readonly passwordOf: (username: string) => string | undefined) {}

  evaluate(token: Buffer): SaslStep {
    if (this.used) throw new SaslAuthenticationError('SASL/PLAIN exchange already finished');
    this.used = true;
    const parts = token.toString('utf8').split('\0');
    if (parts.length !== 3) throw new SaslAuthenticationError('Invalid SASL/PLAIN token');
    const [authzid, username, password] = parts as [string, string, string];
    if (authzid !== '' && authzid !== username) {
      throw new SaslAuthenticationError('Authentication failed: authorization id must equal the user name');
    }
    const expected = this.passwordOf(username);
    if (expected === undefined || !safeEqual(expected, password)) {
      throw new SaslAuthenticationError('Authentication failed: Invalid username or password');
    }
    return { done: true, challenge: EMPTY, username };
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
