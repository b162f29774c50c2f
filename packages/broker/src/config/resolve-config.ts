import { brokerConfigDefaults, type BrokerConfig, type SaslPlainUser } from './broker-config.js';
import { InvalidConfigError } from './invalid-config-error.js';
import { parseProperties } from './parse-properties.js';
import { parseProtocolMap, primaryAdvertised, resolveListeners } from './listeners.js';
import { parseMechanisms, parseUserPasswords, sslConfigFromProps, validateSecurity } from './security-config.js';

/** Defaults filled in and every field validated; throws InvalidConfigError naming the Kafka key. */
export function resolveBrokerConfig(input: Partial<BrokerConfig> = {}): BrokerConfig {
  const c: BrokerConfig = { ...brokerConfigDefaults, ...stripUndefined(input) };
  intIn(c.nodeId, 'node.id', 0, 2 ** 31 - 1);
  intIn(c.port, 'listeners', 0, 65_535);
  intIn(c.advertisedPort, 'advertised.listeners', 0, 65_535);
  intIn(c.numPartitions, 'num.partitions', 1, 1_000_000);
  intIn(c.defaultReplicationFactor, 'default.replication.factor', 1, 32_767);
  intIn(c.logSegmentBytes, 'log.segment.bytes', 14, 2 ** 31 - 1);
  intIn(c.messageMaxBytes, 'message.max.bytes', 0, 2 ** 31 - 1);
  intIn(c.socketRequestMaxBytes, 'socket.request.max.bytes', 1, 2 ** 31 - 1);
  intIn(c.connectionsMaxIdleMs, 'connections.max.idle.ms', -1, Number.MAX_SAFE_INTEGER);
  intIn(c.groupInitialRebalanceDelayMs, 'group.initial.rebalance.delay.ms', 0, 2 ** 31 - 1);
  intIn(c.groupMinSessionTimeoutMs, 'group.min.session.timeout.ms', 0, 2 ** 31 - 1);
  intIn(c.groupMaxSessionTimeoutMs, 'group.max.session.timeout.ms', c.groupMinSessionTimeoutMs, 2 ** 31 - 1);
  intIn(c.transactionMaxTimeoutMs, 'transaction.max.timeout.ms', 1, 2 ** 31 - 1);
  intIn(c.transactionAbortTimedOutTransactionCleanupIntervalMs, 'transaction.abort.timed.out.transaction.cleanup.interval.ms', 1, 2 ** 31 - 1);
  intIn(c.offsetsRetentionMinutes, 'offsets.retention.minutes', 1, 2 ** 31 - 1);
  intIn(c.offsetsTopicNumPartitions, 'offsets.topic.num.partitions', 1, 1000);
  intIn(c.transactionStateLogNumPartitions, 'transaction.state.log.num.partitions', 1, 1000);
  intIn(c.shutdownTimeoutMs, 'shutdown.timeout.ms', 0, Number.MAX_SAFE_INTEGER);
  if (c.logRetentionMs !== -1) intIn(c.logRetentionMs, 'log.retention.ms', 0, Number.MAX_SAFE_INTEGER);
  if (typeof c.autoCreateTopicsEnable !== 'boolean') {
    throw new InvalidConfigError('auto.create.topics.enable', 'must be true or false');
  }
  if (c.clusterId.length === 0) throw new InvalidConfigError('cluster.id', 'must not be empty');
  if (c.advertisedHost.length === 0) throw new InvalidConfigError('advertised.listeners', 'host must not be empty');
  validateSecurity(c);
  return c;
}

/**
 * Reads server.properties text (Kafka key names), applies `overrides` (also Kafka key names, e.g.
 * from `--override key=value` flags) and resolves the result.
 */
export function brokerConfigFromProperties(
  text: string,
  overrides: Readonly<Record<string, string>> = {},
): BrokerConfig {
  const props = parseProperties(text);
  for (const [k, v] of Object.entries(overrides)) props.set(k, v);
  return resolveBrokerConfig(brokerConfigFromMap(props));
}

/** Maps Kafka property names to BrokerConfig fields (unknown keys are ignored, like Kafka warns). */
export function brokerConfigFromMap(props: ReadonlyMap<string, string>): Partial<BrokerConfig> {
  const out: Partial<BrokerConfig> = {};
  const get = (k: string): string | undefined => {
    const v = props.get(k);
    return v === undefined ? undefined : v.trim();
  };
  const num = (k: string): number | undefined => {
    const v = get(k);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw new InvalidConfigError(k, `expected an integer, got "${v}"`);
    return Number(v);
  };
  const bool = (k: string): boolean | undefined => {
    const v = get(k);
    if (v === undefined) return undefined;
    if (v !== 'true' && v !== 'false') throw new InvalidConfigError(k, `expected true or false, got "${v}"`);
    return v === 'true';
  };

  out.nodeId = num('node.id') ?? num('broker.id');
  const protocolMap = parseProtocolMap(get('listener.security.protocol.map'));
  const listener = get('listeners');
  let primaryName = 'PLAINTEXT';
  if (listener !== undefined) {
    const controllers = new Set(parseControllerNames(get('controller.listener.names')));
    const l = resolveListeners(listener, get('advertised.listeners'), protocolMap, controllers);
    out.host = l.primary.host;
    out.port = l.primary.port;
    primaryName = l.primary.name;
    if (l.primary.securityProtocol !== 'PLAINTEXT' || l.primary.name !== 'PLAINTEXT') {
      out.securityProtocol = l.primary.securityProtocol;
      out.listenerName = l.primary.name;
    }
    if (l.extras.length > 0) out.extraListeners = l.extras;
  } else {
    out.host = get('host.name');
    out.port = num('port');
  }
  const advertised = get('advertised.listeners');
  if (advertised !== undefined) {
    const l = primaryAdvertised(advertised, primaryName);
    out.advertisedHost = l.host || '127.0.0.1';
    out.advertisedPort = l.port;
  } else if (out.host !== undefined) {
    out.advertisedHost = isWildcard(out.host) ? '127.0.0.1' : out.host;
  }
  const dirs = get('log.dirs') ?? get('log.dir');
  if (dirs !== undefined) out.logDir = dirs.split(',')[0]!.trim();
  out.numPartitions = num('num.partitions');
  out.defaultReplicationFactor = num('default.replication.factor');
  out.autoCreateTopicsEnable = bool('auto.create.topics.enable');
  const ms = num('log.retention.ms');
  const minutes = num('log.retention.minutes');
  const hours = num('log.retention.hours');
  out.logRetentionMs =
    ms ?? (minutes !== undefined ? minutes * 60_000 : hours !== undefined ? hours * 3_600_000 : undefined);
  if (out.logRetentionMs !== undefined && out.logRetentionMs < 0) out.logRetentionMs = -1;
  out.logSegmentBytes = num('log.segment.bytes');
  out.messageMaxBytes = num('message.max.bytes');
  out.socketRequestMaxBytes = num('socket.request.max.bytes');
  out.connectionsMaxIdleMs = num('connections.max.idle.ms');
  out.groupInitialRebalanceDelayMs = num('group.initial.rebalance.delay.ms');
  out.groupMinSessionTimeoutMs = num('group.min.session.timeout.ms');
  out.groupMaxSessionTimeoutMs = num('group.max.session.timeout.ms');
  out.transactionMaxTimeoutMs = num('transaction.max.timeout.ms');
  out.transactionAbortTimedOutTransactionCleanupIntervalMs = num('transaction.abort.timed.out.transaction.cleanup.interval.ms');
  out.offsetsRetentionMinutes = num('offsets.retention.minutes');
  out.offsetsTopicNumPartitions = num('offsets.topic.num.partitions');
  out.transactionStateLogNumPartitions = num('transaction.state.log.num.partitions');
  out.clusterId = get('cluster.id');
  const users = get('sasl.plain.users');
  if (users !== undefined) out.saslPlainUsers = parseUsers(users);
  const mechanisms = get('sasl.enabled.mechanisms');
  if (mechanisms !== undefined) out.saslEnabledMechanisms = parseMechanisms(mechanisms);
  const scramUsers = get('sasl.scram.users');
  if (scramUsers !== undefined) out.saslScramUsers = parseUserPasswords('sasl.scram.users', scramUsers);
  out.saslScramCredentialsFile = get('sasl.scram.credentials.file');
  out.saslScramIterations = num('sasl.scram.iterations');
  out.ssl = sslConfigFromProps(get);
  return stripUndefined(out);
}

/** `controller.listener.names` (CONTROLLER when unset): listeners only KRaft controllers use. */
function parseControllerNames(value: string | undefined): string[] {
  return (value ?? 'CONTROLLER').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
}

function isWildcard(host: string): boolean {
  return host === '' || host === '0.0.0.0' || host === '::';
}

/** `user1:password1,user2:password2` */
function parseUsers(value: string): SaslPlainUser[] {
  return parseUserPasswords('sasl.plain.users', value);
}

function intIn(v: unknown, key: string, min: number, max: number): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new InvalidConfigError(key, `must be an integer in [${min}, ${max}], got ${String(v)}`);
  }
}

function stripUndefined<T extends object>(o: T): T {
  const out = {} as T;
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
