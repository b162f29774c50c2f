import type { BrokerConfig, ListenerConfig, SecurityProtocol } from './broker-config.js';
import { InvalidConfigError } from './invalid-config-error.js';

const PROTOCOLS: readonly SecurityProtocol[] = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];

export function isSecurityProtocol(s: string): s is SecurityProtocol {
  return (PROTOCOLS as readonly string[]).includes(s);
}

/** One `NAME://host:port` entry. */
export interface ListenerEntry {
  name: string;
  host: string;
  port: number;
}

/** The listeners a properties file names, split into the primary one and the others. */
export interface ParsedListeners {
  primary: ListenerEntry & { securityProtocol: SecurityProtocol };
  extras: ListenerConfig[];
}

/** `NAME://host:port[,NAME2://host:port]` into entries (IPv6 hosts in brackets). */
export function parseListenerList(key: string, value: string): ListenerEntry[] {
  const entries = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) throw new InvalidConfigError(key, `expected NAME://host:port, got "${value}"`);
  return entries.map((e) => {
    const m = /^([A-Za-z_0-9]+):\/\/(\[[^\]]*\]|[^:]*):(\d+)$/.exec(e);
    if (!m) throw new InvalidConfigError(key, `expected NAME://host:port, got "${value}"`);
    return { name: m[1]!.toUpperCase(), host: m[2]!.replace(/^\[|\]$/g, ''), port: Number(m[3]) };
  });
}

/** `listener.security.protocol.map`: `CLIENT:SASL_SSL,INTERNAL:PLAINTEXT`. */
export function parseProtocolMap(value: string | undefined): Map<string, SecurityProtocol> {
  const out = new Map<string, SecurityProtocol>();
  if (value === undefined) return out;
  for (const pair of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, proto] = pair.split(':').map((s) => s.trim().toUpperCase());
    if (!name || !proto || !isSecurityProtocol(proto)) {
      throw new InvalidConfigError('listener.security.protocol.map', `expected NAME:PROTOCOL, got "${pair}"`);
    }
    out.set(name, proto);
  }
  return out;
}

/**
 * Resolves `listeners` (minus controller listeners) with their security protocols and
 * advertised addresses. The primary listener is the PLAINTEXT one, else the first: it keeps
 * feeding `host`/`port`, which `--host`/`--port` override.
 */
export function resolveListeners(
  listeners: string,
  advertised: string | undefined,
  protocolMap: ReadonlyMap<string, SecurityProtocol>,
  controllerNames: ReadonlySet<string>,
): ParsedListeners {
  const all = parseListenerList('listeners', listeners);
  const served = all.filter((l) => !controllerNames.has(l.name));
  // A file naming only a controller listener still gets one listener (as before listeners had protocols).
  const candidates = served.length > 0 ? served : all.slice(0, 1);
  const withProtocol = candidates.map((l) => {
    const securityProtocol = protocolMap.get(l.name) ?? (isSecurityProtocol(l.name) ? l.name : undefined);
    if (securityProtocol === undefined) {
      throw new InvalidConfigError('listener.security.protocol.map', `no security protocol for listener ${l.name}`);
    }
    return { ...l, securityProtocol };
  });
  const names = new Set<string>();
  for (const l of withProtocol) {
    if (names.has(l.name)) throw new InvalidConfigError('listeners', `listener name ${l.name} appears twice`);
    names.add(l.name);
  }
  const primary = withProtocol.find((l) => l.name === 'PLAINTEXT') ?? withProtocol[0]!;
  const adv = advertised === undefined ? [] : parseListenerList('advertised.listeners', advertised);
  const extras = withProtocol
    .filter((l) => l !== primary)
    .map((l): ListenerConfig => {
      const a = adv.find((x) => x.name === l.name);
      return {
        ...l,
        advertisedHost: a ? a.host || '127.0.0.1' : undefined,
        advertisedPort: a ? a.port : undefined,
      };
    });
  return { primary, extras };
}

/** The advertised entry for the primary listener: same name, else PLAINTEXT, else the first. */
export function primaryAdvertised(advertised: string, primaryName: string): ListenerEntry {
  const adv = parseListenerList('advertised.listeners', advertised);
  return adv.find((a) => a.name === primaryName) ?? adv.find((a) => a.name === 'PLAINTEXT') ?? adv[0]!;
}

/**
 * Every listener the broker opens, primary first. The primary's protocol defaults to PLAINTEXT,
 * or SASL_PLAINTEXT when SASL/PLAIN users are set on a broker with just that one listener.
 */
export function brokerListeners(
  c: Pick<BrokerConfig, 'host' | 'port' | 'advertisedHost' | 'advertisedPort' | 'securityProtocol' | 'listenerName' | 'extraListeners' | 'saslPlainUsers'>,
): ListenerConfig[] {
  const legacySasl = c.saslPlainUsers.length > 0 && c.extraListeners.length === 0;
  const securityProtocol = c.securityProtocol ?? (legacySasl ? 'SASL_PLAINTEXT' : 'PLAINTEXT');
  const primary: ListenerConfig = {
    name: c.listenerName ?? securityProtocol,
    securityProtocol,
    host: c.host,
    port: c.port,
    advertisedHost: c.advertisedHost,
    advertisedPort: c.advertisedPort,
  };
  return [primary, ...c.extraListeners];
}
