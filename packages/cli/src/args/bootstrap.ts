import { CliUsageError } from '../errors/cli-usage-error.js';

/**
 * `--bootstrap-server host:port[,host:port]` into a broker list. Kafka's tools require the flag;
 * so does this one, naming it in the error.
 */
export function parseBootstrapServers(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') {
    throw new CliUsageError('--bootstrap-server <host:port> is required');
  }
  const servers = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const s of servers) {
    const m = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(s);
    if (m === null || Number(m[2]) > 65_535) {
      throw new CliUsageError(`--bootstrap-server expects host:port, got "${s}"`);
    }
  }
  return servers;
}
