import type { BrokerBackends } from './backend/broker-backends.js';
import type { BrokerConfig, ListenerConfig, SecurityProtocol } from './config/broker-config.js';
import { brokerListeners } from './config/listeners.js';
import { resolveBrokerConfig } from './config/resolve-config.js';
import type { ApiHandler } from './dispatch/api-handler.js';
import type { AdvertisedApi, BrokerContext } from './dispatch/broker-context.js';
import { Dispatcher } from './dispatch/dispatcher.js';
import { protocolCodec } from './dispatch/protocol-codec.js';
import { coreHandlers, groupHandlers, producerStateHandlers, txnHandlers } from './handlers/index.js';
import { saslAuthenticateHandler } from './handlers/sasl-authenticate.js';
import { saslHandshakeHandlerFor } from './handlers/sasl-handshake.js';
import { createSaslMechanisms } from './sasl/sasl-mechanisms.js';
import type { SaslMechanisms } from './sasl/sasl-server.js';
import { loadListenerTls, type ListenerTls } from './server/tls-options.js';
import { silentLogger, type Logger } from './logging/logger.js';
import type { BrokerMetrics } from './logging/metrics.js';
import { KafkaTcpServer } from './server/tcp-server.js';
import { readMetaProperties } from './storage/format-storage.js';

export interface StartBrokerOptions {
  logger?: Logger;
  metrics?: BrokerMetrics;
  /** Storage to serve; by default the broker opens @tributary/log at `logDir` (or in memory). */
  backends?: BrokerBackends;
  /** Extra or replacement handlers (same API key replaces). */
  handlers?: readonly ApiHandler[];
}

/** A listener accepting connections. */
export interface BoundListener {
  readonly name: string;
  readonly securityProtocol: SecurityProtocol;
  readonly host: string;
  /** The real port (also when configured as 0). */
  readonly port: number;
}

export interface RunningBroker {
  /** The bound port of the primary listener (the real one when `port` was 0). */
  readonly port: number;
  readonly host: string;
  /** Every listener, the primary one first. */
  readonly listeners: readonly BoundListener[];
  readonly config: BrokerConfig;
  /** Finishes in-flight requests (up to shutdownTimeoutMs), closes connections, then storage. */
  close(): Promise<void>;
}

/** Starts a Kafka-protocol server; resolves once it accepts connections. */
export async function startBroker(
  input: Partial<BrokerConfig> = {},
  options: StartBrokerOptions = {},
): Promise<RunningBroker> {
  const config = resolveBrokerConfig(await withStoredClusterId(input));
  const logger = options.logger ?? silentLogger;
  const listeners = brokerListeners(config);
  const isSasl = (p: SecurityProtocol): boolean => p === 'SASL_PLAINTEXT' || p === 'SASL_SSL';
  const isTls = (p: SecurityProtocol): boolean => p === 'SSL' || p === 'SASL_SSL';
  // Security material is read before storage opens, so a bad path fails fast and leaves nothing open.
  const sasl = listeners.some((l) => isSasl(l.securityProtocol)) ? await createSaslMechanisms(config) : undefined;
  const tls = listeners.some((l) => isTls(l.securityProtocol)) && config.ssl ? await loadListenerTls(config.ssl) : undefined;
  const backends = options.backends ?? (await openDefaultBackends(config, logger));
  const servers: Array<{ listener: ListenerConfig; server: KafkaTcpServer; bound: { host: string; port: number } | undefined }> = [];
  for (const listener of listeners) {
    servers.push({
      listener,
      server: listenerServer(listener, config, backends, logger, options, sasl, tls, () => servers.find((s) => s.listener === listener)?.bound?.port ?? listener.port),
      bound: undefined,
    });
  }
  try {
    for (const s of servers) s.bound = await s.server.listen(s.listener.host, s.listener.port);
  } catch (err) {
    await Promise.all(servers.map((s) => s.server.close(0)));
    await backends.close?.();
    throw err;
  }
  const bound: BoundListener[] = servers.map((s) => ({
    name: s.listener.name,
    securityProtocol: s.listener.securityProtocol,
    host: s.bound!.host,
    port: s.bound!.port,
  }));
  const primary = bound[0]!;
  for (const l of bound) logger.info({ listener: l.name, securityProtocol: l.securityProtocol, host: l.host, port: l.port }, 'listening');
  logger.info({ host: primary.host, port: primary.port, nodeId: config.nodeId, clusterId: config.clusterId }, 'broker started');
  let closing: Promise<void> | undefined;
  return {
    port: primary.port,
    host: primary.host,
    listeners: bound,
    config,
    close() {
      closing ??= (async () => {
        const drained = Promise.all(servers.map((s) => s.server.close(config.shutdownTimeoutMs)));
        backends.stopWaiting?.();
        await drained;
        await backends.close?.();
        logger.info({ port: primary.port }, 'broker stopped');
      })();
      return closing;
    },
  };
}

/**
 * One listener's server. Each listener has its own dispatcher and context so that Metadata,
 * FindCoordinator and DescribeCluster advertise the address of the listener the client used, as
 * Kafka does; SASL listeners add the SASL APIs.
 */
function listenerServer(
  listener: ListenerConfig,
  config: BrokerConfig,
  backends: BrokerBackends,
  logger: Logger,
  options: StartBrokerOptions,
  sasl: SaslMechanisms | undefined,
  tls: ListenerTls | undefined,
  boundPort: () => number,
): KafkaTcpServer {
  let dispatcher: Dispatcher | undefined;
  const context: BrokerContext = {
    config,
    logger,
    topics: backends.topics,
    partitions: backends.partitions,
    groups: backends.groups,
    txns: backends.txns,
    advertised: () => ({ host: listener.advertisedHost ?? advertisedHostFor(listener.host), port: listener.advertisedPort || boundPort() }),
    advertisedApis: (): readonly AdvertisedApi[] => dispatcher?.advertisedApis() ?? [],
  };
  const saslOn = sasl !== undefined && (listener.securityProtocol === 'SASL_PLAINTEXT' || listener.securityProtocol === 'SASL_SSL');
  const saslApis = saslOn ? [saslHandshakeHandlerFor(() => sasl), saslAuthenticateHandler] : [];
  dispatcher = new Dispatcher(handlerSet(backends, saslApis, options.handlers ?? []), protocolCodec, context);
  return new KafkaTcpServer({
    dispatcher,
    logger,
    metrics: options.metrics,
    maxRequestBytes: config.socketRequestMaxBytes,
    connectionsMaxIdleMs: config.connectionsMaxIdleMs,
    securityProtocol: listener.securityProtocol,
    tls,
  });
}

function advertisedHostFor(host: string): string {
  return host === '' || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

function handlerSet(backends: BrokerBackends, sasl: readonly ApiHandler[], extra: readonly ApiHandler[]): ApiHandler[] {
  const byKey = new Map<number, ApiHandler>();
  for (const h of coreHandlers) byKey.set(h.apiKey, h);
  if (backends.partitions.describeProducers) for (const h of producerStateHandlers) byKey.set(h.apiKey, h);
  if (backends.groups) for (const h of groupHandlers) byKey.set(h.apiKey, h);
  if (backends.groups && backends.txns) for (const h of txnHandlers) byKey.set(h.apiKey, h);
  for (const h of sasl) byKey.set(h.apiKey, h);
  for (const h of extra) byKey.set(h.apiKey, h);
  return [...byKey.values()];
}

async function openDefaultBackends(config: BrokerConfig, logger: Logger): Promise<BrokerBackends> {
  const { openLogBackends } = await import('./backend/log-backends.js');
  return openLogBackends(config, logger);
}

/** A formatted log.dirs (meta.properties) supplies cluster.id unless the config names one. */
async function withStoredClusterId(input: Partial<BrokerConfig>): Promise<Partial<BrokerConfig>> {
  if (input.clusterId !== undefined || !input.logDir) return input;
  const meta = await readMetaProperties(input.logDir);
  const stored = meta?.get('cluster.id');
  return stored ? { ...input, clusterId: stored } : input;
}
