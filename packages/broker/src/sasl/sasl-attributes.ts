/** Per-connection attribute names (ConnectionInfo.attributes) the SASL handlers and the server share. */

/** The mechanism chosen by SaslHandshake. */
export const SASL_MECHANISM_ATTR = 'sasl.mechanism';
/** The SaslServer of the exchange in progress. */
export const SASL_EXCHANGE_ATTR = 'sasl.exchange';
/** Set when authentication failed: the server answers, then closes the connection (as Kafka does). */
export const SASL_FAILED_ATTR = 'sasl.failed';
/** `User:<name>` once authenticated (`User:ANONYMOUS` on listeners without SASL). */
export const PRINCIPAL_ATTR = 'principal';
