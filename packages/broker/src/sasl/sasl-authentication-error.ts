import { TributaryError } from '@tributary/protocol';

/**
 * A SASL exchange failed: bad credentials, an unknown user or a malformed token. The message is
 * what the client is told, so it never says which of those it was.
 */
export class SaslAuthenticationError extends TributaryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SASL_AUTHENTICATION_FAILED', message, options);
  }
}
