import type { BrokerConfig, SaslScramUser, SslClientAuth, SslConfig } from './broker-config.js';
import { InvalidConfigError } from './invalid-config-error.js';

/** Mechanisms the broker implements. */
export const SUPPORTED_SASL_MECHANISMS: readonly string[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];

type Get = (key: string) => string | undefined;

/**
 * ssl.* keys. PEM files (`ssl.key.location`, `ssl.certificate.location`, `ssl.ca.location`),
 * Kafka's PEM keystore/truststore (`ssl.keystore.type=PEM` + `ssl.keystore.location` holding key
 * and chain), or a PKCS12 keystore. JKS is not readable from Node. Undefined when no ssl key is set.
 */
export function sslConfigFromProps(get: Get): SslConfig | undefined {
  const keystoreType = (get('ssl.keystore.type') ?? 'PEM').toUpperCase();
  const truststoreType = (get('ssl.truststore.type') ?? 'PEM').toUpperCase();
  const keystore = get('ssl.keystore.location');
  const truststore = get('ssl.truststore.location');
  if (keystore !== undefined && keystoreType !== 'PEM' && keystoreType !== 'PKCS12') {
    throw new InvalidConfigError('ssl.keystore.type', `${keystoreType} is not supported (use PEM or PKCS12)`);
  }
  if (truststore !== undefined && truststoreType !== 'PEM') {
    throw new InvalidConfigError('ssl.truststore.type', `${truststoreType} is not supported (use PEM, or ssl.ca.location)`);
  }
  const pemKeystore = keystore !== undefined && keystoreType === 'PEM' ? keystore : undefined;
  const ssl: SslConfig = {
    keyLocation: get('ssl.key.location') ?? pemKeystore ?? null,
    certificateLocation: get('ssl.certificate.location') ?? pemKeystore ?? null,
    keyPassword: get('ssl.key.password') ?? get('ssl.keystore.password') ?? null,
    pkcs12Location: keystore !== undefined && keystoreType === 'PKCS12' ? keystore : null,
    caLocation: get('ssl.ca.location') ?? truststore ?? null,
    clientAuth: clientAuth(get('ssl.client.auth')),
  };
  const anySet = ssl.keyLocation ?? ssl.certificateLocation ?? ssl.pkcs12Location ?? ssl.caLocation;
  return anySet === null && get('ssl.client.auth') === undefined ? undefined : ssl;
}

function clientAuth(v: string | undefined): SslClientAuth {
  if (v === undefined) return 'none';
  const lower = v.toLowerCase();
  if (lower === 'none' || lower === 'requested' || lower === 'required') return lower;
  throw new InvalidConfigError('ssl.client.auth', `expected none, requested or required, got "${v}"`);
}

/** `sasl.enabled.mechanisms=SCRAM-SHA-256,PLAIN` */
export function parseMechanisms(value: string): string[] {
  return value.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
}

/** `user1:password1,user2:password2` (the key names the setting in errors). */
export function parseUserPasswords(key: string, value: string): SaslScramUser[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const i = entry.indexOf(':');
      if (i <= 0) throw new InvalidConfigError(key, `expected user:password, got "${entry}"`);
      return { username: entry.slice(0, i), password: entry.slice(i + 1) };
    });
}

/** Checks the security settings of a resolved config. */
export function validateSecurity(c: BrokerConfig): void {
  for (const m of c.saslEnabledMechanisms) {
    if (!SUPPORTED_SASL_MECHANISMS.includes(m)) {
      throw new InvalidConfigError('sasl.enabled.mechanisms', `${m} is not supported (${SUPPORTED_SASL_MECHANISMS.join(', ')})`);
    }
  }
  if (!Number.isInteger(c.saslScramIterations) || c.saslScramIterations < 4096) {
    throw new InvalidConfigError('sasl.scram.iterations', `must be an integer >= 4096, got ${c.saslScramIterations}`);
  }
  const protocols = [c.securityProtocol ?? 'PLAINTEXT', ...c.extraListeners.map((l) => l.securityProtocol)];
  for (const l of c.extraListeners) {
    if (!Number.isInteger(l.port) || l.port < 0 || l.port > 65_535) {
      throw new InvalidConfigError('listeners', `port of ${l.name} must be in [0, 65535], got ${l.port}`);
    }
  }
  if (protocols.some((p) => p === 'SSL' || p === 'SASL_SSL')) {
    const s = c.ssl;
    if (s === null || (s.pkcs12Location === null && (s.keyLocation === null || s.certificateLocation === null))) {
      throw new InvalidConfigError(
        'ssl.key.location',
        'an SSL or SASL_SSL listener needs ssl.key.location and ssl.certificate.location (or ssl.keystore.location)',
      );
    }
    if (s.clientAuth !== 'none' && s.caLocation === null) {
      throw new InvalidConfigError('ssl.ca.location', `ssl.client.auth=${s.clientAuth} needs the CA that signs client certificates`);
    }
  }
}
