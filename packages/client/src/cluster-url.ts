import type { LogNodeOptions } from '@tributary/log';
import type { Cluster } from './cluster.js';
import { embedded } from './embedded/embedded-cluster.js';
import { InvalidArgumentError } from './errors/client-errors.js';
import { kafka } from './kafka/kafka-cluster.js';
import type { KafkaClusterConfig } from './kafka/kafka-cluster.js';
import type { Logger } from './logger.js';

/** A parsed cluster URL: where a Cluster runs, without creating it. */
export type ClusterUrl =
  | { readonly kind: 'embedded'; readonly dir: string; readonly description: string }
  | { readonly kind: 'memory'; readonly description: string }
  | { readonly kind: 'kafka'; readonly scheme: 'kafka' | 'tributary'; readonly brokers: readonly string[]; readonly description: string };

export interface ClusterFromUrlOptions {
  readonly clientId?: string;
  readonly logger?: Logger;
  /** Directory of a bare `embedded`. Default `.tributary-data` (relative to the working directory). */
  readonly defaultDir?: string;
  /** More settings of the embedded log (`embedded`, `embedded:<dir>`, `memory`). */
  readonly embedded?: Omit<LogNodeOptions, 'dir' | 'inMemory' | 'log' | 'ownsLog'>;
  /** More settings of the kafka adapter (`kafka://`, `tributary://`): TLS, SASL, timeouts, log level. */
  readonly kafka?: Omit<KafkaClusterConfig, 'brokers' | 'clientId' | 'logger'>;
}

export const DEFAULT_EMBEDDED_DIR = '.tributary-data';
const KAFKA_DEFAULT_PORT = 9092;
const FORMS = 'embedded, embedded:<dir>, memory, tributary://host:port[,host:port] or kafka://host:port[,host:port]';

/**
 * Parses a cluster URL:
 *   `embedded`                     the embedded log in `defaultDir` (persists across runs)
 *   `embedded:<dir>`               the embedded log in <dir>
 *   `memory`                       an in-memory embedded log (gone on disconnect)
 *   `tributary://host:port[,...]`  a `tributary broker`, through the kafka adapter
 *   `kafka://host:port[,...]`      Apache Kafka (or any Kafka-protocol cluster), same adapter
 * A broker without a port gets Kafka's 9092. Anything else is an InvalidArgumentError.
 */
export function parseClusterUrl(url: string, defaultDir: string = DEFAULT_EMBEDDED_DIR): ClusterUrl {
  const spec = url.trim();
  if (spec === 'memory') return { kind: 'memory', description: 'in-memory embedded log' };
  if (spec === 'embedded' || spec.startsWith('embedded:')) {
    const dir = spec === 'embedded' ? defaultDir : spec.slice('embedded:'.length);
    if (dir === '') throw new InvalidArgumentError(`cluster URL ${url}: embedded: needs a directory`);
    return { kind: 'embedded', dir, description: `embedded log at ${dir}` };
  }
  const match = /^(kafka|tributary):\/\/(.*)$/.exec(spec);
  if (match === null) throw new InvalidArgumentError(`cluster URL ${JSON.stringify(url)}: expected ${FORMS}`);
  const scheme = match[1] as 'kafka' | 'tributary';
  const brokers = match[2]!
    .replace(/\/+$/, '')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '')
    .map((b) => broker(b, url));
  if (brokers.length === 0) throw new InvalidArgumentError(`cluster URL ${url}: no host:port after ${scheme}://`);
  const what = scheme === 'kafka' ? 'Kafka' : 'tributary broker';
  return { kind: 'kafka', scheme, brokers, description: `${what} at ${brokers.join(',')}` };
}

/** The Cluster a URL names (see `parseClusterUrl`); not connected yet. */
export function clusterFromUrl(url: string, options: ClusterFromUrlOptions = {}): Cluster {
  const parsed = parseClusterUrl(url, options.defaultDir);
  const clientId = options.clientId === undefined ? {} : { clientId: options.clientId };
  const logger = options.logger === undefined ? {} : { logger: options.logger };
  switch (parsed.kind) {
    case 'kafka':
      return kafka({ ...options.kafka, ...clientId, ...logger, brokers: parsed.brokers });
    case 'memory':
      return embedded({ ...options.embedded, inMemory: true }, { ...clientId, ...logger });
    case 'embedded':
      return embedded({ ...options.embedded, dir: parsed.dir }, { ...clientId, ...logger });
  }
}

function broker(address: string, url: string): string {
  // host, host:port, [v6], [v6]:port
  const m = /^(\[[0-9A-Fa-f:.]+\]|[^:/\s[\]]+)(?::(\d+))?$/.exec(address);
  const port = m?.[2] === undefined ? KAFKA_DEFAULT_PORT : Number(m[2]);
  if (m === null || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new InvalidArgumentError(`cluster URL ${url}: ${JSON.stringify(address)} is not host:port`);
  }
  return `${m[1]}:${port}`;
}
