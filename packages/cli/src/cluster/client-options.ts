import type { Cluster } from '@tributary/client';
import { parseBootstrapServers } from '../args/bootstrap.js';
import { readCommandConfig } from './command-config.js';
import type { CliIo } from '../io/cli-io.js';
import { textLogger } from '../io/text-logger.js';

/** Flags every client command shares. */
export interface ClientFlags {
  readonly bootstrapServer?: string;
  readonly debug?: boolean;
  /** Names the tool to the cluster (shows in `groups --describe`). */
  readonly clientId?: string;
  /** `--command-config <file>`: client properties with security.protocol, sasl.*, ssl.*. */
  readonly commandConfig?: string;
}

/** The `--command-config` flag every client command takes (Kafka's tools have the same). */
export const COMMAND_CONFIG_FLAG = ['--command-config <file>', 'client properties file: security.protocol, sasl.*, ssl.* (SSL and SASL)'] as const;

/**
 * A connected Cluster for `--bootstrap-server`. Retries are few so an unreachable server is
 * one clear error within seconds rather than a minute of silence; kafkajs's own logs reach
 * stderr only with --debug.
 */
export async function connectCluster(io: CliIo, flags: ClientFlags): Promise<Cluster> {
  const brokers = parseBootstrapServers(flags.bootstrapServer);
  const security = flags.commandConfig === undefined ? {} : await readCommandConfig(flags.commandConfig);
  const cluster = io.cluster({
    brokers,
    ...security,
    clientId: flags.clientId ?? 'tributary-cli',
    connectionTimeoutMs: 3_000,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    ...(flags.debug === true ? { logger: textLogger(io.stderr, 'debug'), logLevel: 'debug' as const } : {}),
  });
  try {
    await cluster.connect();
  } catch (err) {
    await cluster.disconnect().catch(() => undefined);
    throw err;
  }
  return cluster;
}

/** Runs `work` with a connected cluster and always disconnects, keeping the first error. */
export async function withCluster<T>(io: CliIo, flags: ClientFlags, work: (cluster: Cluster) => Promise<T>): Promise<T> {
  const cluster = await connectCluster(io, flags);
  try {
    return await work(cluster);
  } finally {
    await cluster.disconnect().catch(() => undefined);
  }
}
