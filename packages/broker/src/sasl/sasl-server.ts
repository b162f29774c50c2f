/** The outcome of one client token. */
export type SaslStep =
  | { done: false; challenge: Buffer }
  /** Authenticated as `username`; `challenge` is the last server message (SCRAM's server-final). */
  | { done: true; challenge: Buffer; username: string };

/**
 * The server side of one SASL exchange on one connection. `evaluate` throws
 * SaslAuthenticationError on bad credentials or a malformed token.
 */
export interface SaslServer {
  readonly mechanism: string;
  evaluate(token: Buffer): SaslStep;
}

/** The mechanisms a broker offers and how to start an exchange for one of them. */
export interface SaslMechanisms {
  /** Enabled mechanism names, as listed in the SaslHandshake response. */
  readonly names: readonly string[];
  /** A fresh exchange, or undefined when the mechanism is not enabled. */
  start(mechanism: string): SaslServer | undefined;
}
