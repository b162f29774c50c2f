import { readFile } from 'node:fs/promises';
import type { ConnectionOptions } from 'node:tls';
import { parseProperties } from '@tributary/broker';
import type { KafkaClusterConfig } from '@tributary/client';
import { CliUsageError } from '../errors/cli-usage-error.js';

/** The security part of a client config: what kafkajs needs for SSL and SASL. */
export type ClientSecurity = Pick<KafkaClusterConfig, 'ssl' | 'sasl'>;

const FLAG = '--command-config';

/**
 * Reads a Kafka client properties file (`--command-config`, as Kafka's tools take it) into
 * kafkajs security options. Java names (`sasl.mechanism`, `sasl.jaas.config`,
 * `ssl.truststore.location` with type PEM) and librdkafka names (`sasl.mechanisms`,
 * `sasl.username`, `sasl.password`, `ssl.ca.location`) both work; other keys are ignored.
 */
export async function readCommandConfig(path: string): Promise<ClientSecurity> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new CliUsageError(`${FLAG}: cannot read ${path}: ${(err as Error).message}`);
  }
  return await securityFromProperties(parseProperties(text));
}

export async function securityFromProperties(props: ReadonlyMap<string, string>): Promise<ClientSecurity> {
  const get = (k: string): string | undefined => props.get(k)?.trim() || undefined;
  const protocol = (get('security.protocol') ?? 'PLAINTEXT').toUpperCase();
  if (!['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'].includes(protocol)) {
    throw new CliUsageError(`${FLAG}: security.protocol must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, got ${protocol}`);
  }
  const out: { ssl?: boolean | ConnectionOptions; sasl?: KafkaClusterConfig['sasl'] } = {};
  if (protocol === 'SSL' || protocol === 'SASL_SSL') out.ssl = await tlsOptions(get, props);
  if (protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL') out.sasl = saslOptions(get);
  return out;
}

async function tlsOptions(get: (k: string) => string | undefined, props: ReadonlyMap<string, string>): Promise<ConnectionOptions | boolean> {
  const file = async (key: string, path: string | undefined): Promise<string | undefined> => {
    if (path === undefined) return undefined;
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      throw new CliUsageError(`${FLAG}: ${key}: cannot read ${path}: ${(err as Error).message}`);
    }
  };
  const truststoreType = (get('ssl.truststore.type') ?? 'PEM').toUpperCase();
  if (get('ssl.truststore.location') !== undefined && truststoreType !== 'PEM') {
    throw new CliUsageError(`${FLAG}: ssl.truststore.type ${truststoreType} is not readable here; use PEM or ssl.ca.location`);
  }
  const ca = await file('ssl.ca.location', get('ssl.ca.location') ?? get('ssl.truststore.location'));
  const cert = await file('ssl.certificate.location', get('ssl.certificate.location'));
  const key = await file('ssl.key.location', get('ssl.key.location'));
  const opts: ConnectionOptions = {};
  if (ca !== undefined) opts.ca = [ca];
  if (cert !== undefined) opts.cert = cert;
  if (key !== undefined) opts.key = key;
  const passphrase = get('ssl.key.password');
  if (passphrase !== undefined) opts.passphrase = passphrase;
  // An empty ssl.endpoint.identification.algorithm turns host name checks off, as in Kafka.
  if (props.get('ssl.endpoint.identification.algorithm')?.trim() === '') opts.checkServerIdentity = () => undefined;
  return Object.keys(opts).length === 0 ? true : opts;
}

function saslOptions(get: (k: string) => string | undefined): KafkaClusterConfig['sasl'] {
  const mechanism = (get('sasl.mechanism') ?? get('sasl.mechanisms') ?? 'GSSAPI').toUpperCase();
  const jaas = get('sasl.jaas.config') ?? '';
  const fromJaas = (name: string): string | undefined => new RegExp(`\\b${name}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(jaas)?.[1];
  const username = get('sasl.username') ?? fromJaas('username');
  const password = get('sasl.password') ?? fromJaas('password');
  if (username === undefined || password === undefined) {
    throw new CliUsageError(`${FLAG}: SASL needs sasl.jaas.config with username and password (or sasl.username and sasl.password)`);
  }
  switch (mechanism) {
    case 'PLAIN':
      return { mechanism: 'plain', username, password };
    case 'SCRAM-SHA-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'SCRAM-SHA-512':
      return { mechanism: 'scram-sha-512', username, password };
    default:
      throw new CliUsageError(`${FLAG}: sasl.mechanism ${mechanism} is not supported (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)`);
  }
}
