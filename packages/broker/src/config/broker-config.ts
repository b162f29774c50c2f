/** A SASL/PLAIN user allowed to authenticate. */
export interface SaslPlainUser {
  username: string;
  password: string;
}

/** How a listener secures its connections (Kafka's `listener.security.protocol.map` values). */
export type SecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';

/** A listener besides the primary one (`host`/`port`): one entry of `listeners`. */
export interface ListenerConfig {
  /** The listener name (`PLAINTEXT`, `SSL`, `CLIENT`, ...). */
  name: string;
  securityProtocol: SecurityProtocol;
  host: string;
  /** 0 picks an ephemeral port. */
  port: number;
  /** From `advertised.listeners` (same name); defaults to the bind host (127.0.0.1 for a wildcard). */
  advertisedHost?: string | undefined;
  /** 0 or absent means "the port actually bound". */
  advertisedPort?: number | undefined;
}

/** `ssl.client.auth` */
export type SslClientAuth = 'none' | 'requested' | 'required';

/** TLS settings shared by the SSL and SASL_SSL listeners (PEM files, or a PKCS12 keystore). */
export interface SslConfig {
  /** ssl.key.location: PEM private key (or `ssl.keystore.location` with `ssl.keystore.type=PEM`). */
  keyLocation: string | null;
  /** ssl.certificate.location: PEM certificate chain. */
  certificateLocation: string | null;
  /** ssl.key.password (or ssl.keystore.password): passphrase of an encrypted key or PKCS12 file. */
  keyPassword: string | null;
  /** ssl.keystore.location with ssl.keystore.type=PKCS12. */
  pkcs12Location: string | null;
  /** ssl.ca.location (or ssl.truststore.location with type PEM): CAs trusted for client certificates. */
  caLocation: string | null;
  /** ssl.client.auth (none) */
  clientAuth: SslClientAuth;
}

/** A SCRAM user given by password (`sasl.scram.users`): credentials are salted at startup. */
export interface SaslScramUser {
  username: string;
  password: string;
}

/**
 * The broker's settings, one field per Kafka `server.properties` key (named in the comment).
 * Build one with `resolveBrokerConfig` (defaults + validation) or `brokerConfigFromProperties`.
 */
export interface BrokerConfig {
  /** node.id (or broker.id) */
  nodeId: number;
  /** Bind address from `listeners` (PLAINTEXT://host:port) or `host.name`; '' binds all interfaces. */
  host: string;
  /** Bind port from `listeners` or `port`; 0 picks an ephemeral port. */
  port: number;
  /** advertised.listeners host; defaults to 127.0.0.1 when binding a wildcard address. */
  advertisedHost: string;
  /** advertised.listeners port; 0 means "the port actually bound". */
  advertisedPort: number;
  /** log.dirs (first entry) or log.dir; null keeps everything in memory. */
  logDir: string | null;
  /** num.partitions */
  numPartitions: number;
  /** default.replication.factor (accepted, always 1 on a single node) */
  defaultReplicationFactor: number;
  /** auto.create.topics.enable */
  autoCreateTopicsEnable: boolean;
  /** log.retention.ms (or .minutes / .hours); -1 keeps forever */
  logRetentionMs: number;
  /** log.segment.bytes */
  logSegmentBytes: number;
  /** message.max.bytes: the largest record batch accepted */
  messageMaxBytes: number;
  /** socket.request.max.bytes: larger frames close the connection */
  socketRequestMaxBytes: number;
  /** connections.max.idle.ms: idle connections are closed after this */
  connectionsMaxIdleMs: number;
  /** group.initial.rebalance.delay.ms */
  groupInitialRebalanceDelayMs: number;
  /** group.min.session.timeout.ms */
  groupMinSessionTimeoutMs: number;
  /** group.max.session.timeout.ms */
  groupMaxSessionTimeoutMs: number;
  /** transaction.max.timeout.ms */
  transactionMaxTimeoutMs: number;
  /** transaction.abort.timed.out.transaction.cleanup.interval.ms: how often timed-out transactions are aborted */
  transactionAbortTimedOutTransactionCleanupIntervalMs: number;
  /** offsets.retention.minutes */
  offsetsRetentionMinutes: number;
  /** offsets.topic.num.partitions (Kafka's default is 50; one is plenty on a single node) */
  offsetsTopicNumPartitions: number;
  /** transaction.state.log.num.partitions (Kafka's default is 50) */
  transactionStateLogNumPartitions: number;
  /** cluster.id (as written by formatStorage) */
  clusterId: string;
  /** Not a Kafka key: how long close() waits for in-flight requests before cutting connections. */
  shutdownTimeoutMs: number;
  /** sasl.enabled.mechanisms contains PLAIN: users allowed (empty = no authentication). */
  saslPlainUsers: readonly SaslPlainUser[];
  /**
   * Security protocol of the primary listener (`host`/`port`). Left undefined, it is PLAINTEXT,
   * or SASL_PLAINTEXT when `saslPlainUsers` is set and there is no other listener (the
   * behaviour before listeners had protocols).
   */
  securityProtocol?: SecurityProtocol | undefined;
  /** Name of the primary listener (its security protocol's name by default). */
  listenerName?: string | undefined;
  /** The other entries of `listeners` (several listeners at once). */
  extraListeners: readonly ListenerConfig[];
  /** ssl.* settings; required when a listener is SSL or SASL_SSL. */
  ssl: SslConfig | null;
  /**
   * sasl.enabled.mechanisms (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512); empty means "those with
   * users configured".
   */
  saslEnabledMechanisms: readonly string[];
  /** Tributary-only `sasl.scram.users=user:password,...`: SCRAM users for both SHA-256 and SHA-512. */
  saslScramUsers: readonly SaslScramUser[];
  /**
   * Tributary-only `sasl.scram.credentials.file`: one line per user and mechanism, either
   * `alice SCRAM-SHA-256 salt=<b64>,stored_key=<b64>,server_key=<b64>,iterations=4096` or
   * `alice SCRAM-SHA-256 password=...[,iterations=8192]`.
   */
  saslScramCredentialsFile: string | null;
  /** Iterations for credentials salted from a password (4096, the minimum Kafka accepts). */
  saslScramIterations: number;
}

export const DEFAULT_CLUSTER_ID = 'TributaryCluster00000A';

export const brokerConfigDefaults: BrokerConfig = {
  nodeId: 1,
  host: '127.0.0.1',
  port: 9092,
  advertisedHost: '127.0.0.1',
  advertisedPort: 0,
  logDir: null,
  numPartitions: 1,
  defaultReplicationFactor: 1,
  autoCreateTopicsEnable: true,
  logRetentionMs: 168 * 3_600_000,
  logSegmentBytes: 1_073_741_824,
  messageMaxBytes: 1_048_588,
  socketRequestMaxBytes: 104_857_600,
  connectionsMaxIdleMs: 600_000,
  groupInitialRebalanceDelayMs: 3_000,
  groupMinSessionTimeoutMs: 6_000,
  groupMaxSessionTimeoutMs: 1_800_000,
  transactionMaxTimeoutMs: 900_000,
  transactionAbortTimedOutTransactionCleanupIntervalMs: 10_000,
  offsetsRetentionMinutes: 10_080,
  offsetsTopicNumPartitions: 1,
  transactionStateLogNumPartitions: 1,
  clusterId: DEFAULT_CLUSTER_ID,
  shutdownTimeoutMs: 30_000,
  saslPlainUsers: [],
  extraListeners: [],
  ssl: null,
  saslEnabledMechanisms: [],
  saslScramUsers: [],
  saslScramCredentialsFile: null,
  saslScramIterations: 4096,
};
