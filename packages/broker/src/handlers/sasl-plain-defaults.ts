import type { BrokerConfig } from '../config/broker-config.js';
import { PlainServer } from '../sasl/plain-server.js';
import type { SaslMechanisms } from '../sasl/sasl-server.js';

const cache = new WeakMap<BrokerConfig, SaslMechanisms>();

/** SASL/PLAIN over `sasl.plain.users`, for the handlers used without a startup-built mechanism set. */
export function plainMechanismsOf(config: BrokerConfig): SaslMechanisms {
  let m = cache.get(config);
  if (!m) {
    const users = new Map(config.saslPlainUsers.map((u) => [u.username, u.password]));
    m = {
      names: ['PLAIN'],
      start: (name) => (name === 'PLAIN' ? new PlainServer((u) => users.get(u)) : undefined),
    };
    cache.set(config, m);
  }
  return m;
}
