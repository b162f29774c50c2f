import type { BrokerConfig } from './broker-config.js';
import { brokerListeners } from './listeners.js';

/**
 * The broker's settings under their Kafka names, as DescribeConfigs reports them (read-only);
 * `boundPort` replaces a configured port 0.
 */
export function brokerConfigEntries(c: BrokerConfig, boundPort: number): Array<{ name: string; value: string }> {
  const listeners = brokerListeners(c);
  const extra = listeners.slice(1);
  const primary = listeners[0]!;
  const at = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);
  return [
    { name: 'node.id', value: String(c.nodeId) },
    { name: 'broker.id', value: String(c.nodeId) },
    {
      name: 'listeners',
      value: [`${primary.name}://${at(c.host, c.port || boundPort)}`, ...extra.map((l) => `${l.name}://${at(l.host, l.port)}`)].join(','),
    },
    {
      name: 'advertised.listeners',
      value: [
        `${primary.name}://${at(c.advertisedHost, c.advertisedPort || c.port || boundPort)}`,
        ...extra.map((l) => `${l.name}://${at(l.advertisedHost ?? l.host, l.advertisedPort || l.port)}`),
      ].join(','),
    },
    { name: 'listener.security.protocol.map', value: listeners.map((l) => `${l.name}:${l.securityProtocol}`).join(',') },
    { name: 'sasl.enabled.mechanisms', value: c.saslEnabledMechanisms.join(',') },
    { name: 'ssl.client.auth', value: c.ssl?.clientAuth ?? 'none' },
    { name: 'log.dirs', value: c.logDir ?? '' },
    { name: 'num.partitions', value: String(c.numPartitions) },
    { name: 'default.replication.factor', value: '1' },
    { name: 'auto.create.topics.enable', value: String(c.autoCreateTopicsEnable) },
    { name: 'log.retention.ms', value: String(c.logRetentionMs) },
    { name: 'log.segment.bytes', value: String(c.logSegmentBytes) },
    { name: 'message.max.bytes', value: String(c.messageMaxBytes) },
    { name: 'socket.request.max.bytes', value: String(c.socketRequestMaxBytes) },
    { name: 'connections.max.idle.ms', value: String(c.connectionsMaxIdleMs) },
    { name: 'group.initial.rebalance.delay.ms', value: String(c.groupInitialRebalanceDelayMs) },
    { name: 'group.min.session.timeout.ms', value: String(c.groupMinSessionTimeoutMs) },
    { name: 'group.max.session.timeout.ms', value: String(c.groupMaxSessionTimeoutMs) },
    { name: 'transaction.max.timeout.ms', value: String(c.transactionMaxTimeoutMs) },
    {
      name: 'transaction.abort.timed.out.transaction.cleanup.interval.ms',
      value: String(c.transactionAbortTimedOutTransactionCleanupIntervalMs),
    },
    { name: 'offsets.retention.minutes', value: String(c.offsetsRetentionMinutes) },
    { name: 'offsets.topic.num.partitions', value: String(c.offsetsTopicNumPartitions) },
    { name: 'transaction.state.log.num.partitions', value: String(c.transactionStateLogNumPartitions) },
    { name: 'cluster.id', value: c.clusterId },
  ];
}
