import {
  brokerConfigFromMap,
  brokerConfigFromProperties,
  resolveBrokerConfig,
  type BrokerConfig,
} from '@tributary/broker';

/** What `broker start` was told: a server.properties text and/or flags. */
export interface StartConfigInput {
  /** Contents of the `--config` file, if any. */
  readonly propertiesText?: string;
  readonly dataDir?: string;
  readonly host?: string;
  readonly port?: number;
  /** `--override key=value` pairs under Kafka's names; they win over the file. */
  readonly overrides?: Readonly<Record<string, string>>;
}

/**
 * The broker config the flags describe: file first, then `--override`, then the dedicated
 * flags (`--data-dir`, `--host`, `--port`), which are the most specific.
 */
export function resolveStartConfig(input: StartConfigInput): BrokerConfig {
  const overrides = input.overrides ?? {};
  const base =
    input.propertiesText !== undefined
      ? brokerConfigFromProperties(input.propertiesText, overrides)
      : resolveBrokerConfig(brokerConfigFromMap(new Map(Object.entries(overrides))));
  const config: BrokerConfig = { ...base };
  if (input.dataDir !== undefined) config.logDir = input.dataDir;
  if (input.host !== undefined) {
    config.host = input.host;
    if (!hasAdvertised(input)) config.advertisedHost = isWildcard(input.host) ? '127.0.0.1' : input.host;
  }
  if (input.port !== undefined) config.port = input.port;
  return resolveBrokerConfig(config);
}

function hasAdvertised(input: StartConfigInput): boolean {
  return (
    input.overrides?.['advertised.listeners'] !== undefined ||
    /^\s*advertised\.listeners\s*[=:]/m.test(input.propertiesText ?? '')
  );
}

function isWildcard(host: string): boolean {
  return host === '' || host === '0.0.0.0' || host === '::';
}

/** The one line a person reads to know the broker is up and where. */
export function startupLine(c: Pick<BrokerConfig, 'nodeId' | 'clusterId' | 'logDir'>, host: string, port: number): string {
  const where = host.includes(':') ? `[${host}]` : host;
  const storage = c.logDir === null ? 'in memory (nothing survives exit)' : c.logDir;
  return `Tributary broker started: listening on PLAINTEXT://${where}:${port} (node.id=${c.nodeId}, cluster.id=${c.clusterId}, log.dirs=${storage})\n`;
}
