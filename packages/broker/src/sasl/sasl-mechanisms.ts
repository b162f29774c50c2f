import { readFile } from 'node:fs/promises';
import type { BrokerConfig } from '../config/broker-config.js';
import { InvalidConfigError } from '../config/invalid-config-error.js';
import { PlainServer } from './plain-server.js';
import type { SaslMechanisms, SaslServer } from './sasl-server.js';
import { scramCredentialFromPassword, type ScramCredential } from './scram-credential.js';
import { parseScramCredentialFile } from './scram-credential-file.js';
import { SCRAM_MECHANISMS, scramMechanism } from './scram-mechanism.js';
import { ScramServer } from './scram-server.js';

type SaslSettings = Pick<
  BrokerConfig,
  'saslPlainUsers' | 'saslEnabledMechanisms' | 'saslScramUsers' | 'saslScramCredentialsFile' | 'saslScramIterations'
>;

/**
 * The SASL mechanisms a broker offers, with their users. SCRAM users from `sasl.scram.users` are
 * salted here, once, with a random salt; the credentials file may hold pre-salted ones. Without
 * `sasl.enabled.mechanisms`, every mechanism that has users is enabled.
 */
export async function createSaslMechanisms(config: SaslSettings): Promise<SaslMechanisms> {
  const scram = new Map<string, Map<string, ScramCredential>>();
  for (const m of SCRAM_MECHANISMS) scram.set(m.name, new Map());
  for (const u of config.saslScramUsers) {
    for (const m of SCRAM_MECHANISMS) {
      scram.get(m.name)!.set(u.username, scramCredentialFromPassword(m, u.password, config.saslScramIterations));
    }
  }
  if (config.saslScramCredentialsFile !== null) {
    let text: string;
    try {
      text = await readFile(config.saslScramCredentialsFile, 'utf8');
    } catch (err) {
      throw new InvalidConfigError('sasl.scram.credentials.file', `cannot read ${config.saslScramCredentialsFile}: ${(err as Error).message}`);
    }
    for (const e of parseScramCredentialFile(text, config.saslScramIterations)) {
      scram.get(e.mechanism)!.set(e.username, e.credential);
    }
  }
  const plain = new Map(config.saslPlainUsers.map((u) => [u.username, u.password]));
  const names =
    config.saslEnabledMechanisms.length > 0
      ? [...config.saslEnabledMechanisms]
      : [
          ...[...scram].filter(([, users]) => users.size > 0).map(([name]) => name),
          ...(plain.size > 0 ? ['PLAIN'] : []),
        ];
  return {
    names,
    start(mechanism): SaslServer | undefined {
      if (!names.includes(mechanism)) return undefined;
      if (mechanism === 'PLAIN') return new PlainServer((u) => plain.get(u));
      const m = scramMechanism(mechanism);
      if (!m) return undefined;
      const users = scram.get(m.name)!;
      return new ScramServer({ mechanism: m, lookup: (u) => users.get(u) });
    },
  };
}

/** Whether any SASL user or mechanism is configured (then SASL handlers are served on SASL listeners). */
export function hasSaslSettings(config: SaslSettings): boolean {
  return (
    config.saslPlainUsers.length > 0 ||
    config.saslScramUsers.length > 0 ||
    config.saslScramCredentialsFile !== null ||
    config.saslEnabledMechanisms.length > 0
  );
}
