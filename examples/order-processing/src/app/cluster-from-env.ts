import { clusterFromUrl, parseClusterUrl, type Cluster } from '@tributary/client';

/** Where the example runs; the one config value that moves it between clusters. */
export interface ClusterChoice {
  readonly cluster: Cluster;
  /** For the banner: "embedded log at .tributary-data", "Kafka at 127.0.0.1:9092", ... */
  readonly description: string;
  /** Partitions the app's topics are created with (more on a real cluster). */
  readonly partitions: number;
}

/**
 * `TRIBUTARY_CLUSTER` picks the cluster, as a cluster URL of `@tributary/client`
 * (`embedded`, `embedded:<dir>`, `memory`, `tributary://host:port`, `kafka://host:port`);
 * unset means the embedded log in `defaultDir`, which persists across runs.
 */
export function clusterFromEnv(value: string | undefined, defaultDir: string, clientId: string): ClusterChoice {
  const url = value === undefined || value.trim() === '' ? 'embedded' : value;
  const parsed = parseClusterUrl(url, defaultDir);
  const cluster = clusterFromUrl(url, { clientId, defaultDir, kafka: { logLevel: 'error' } });
  return { cluster, description: parsed.description, partitions: parsed.kind === 'kafka' ? 4 : 2 };
}
