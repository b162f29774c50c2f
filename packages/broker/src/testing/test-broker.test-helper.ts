import type { BrokerConfig } from '../config/broker-config.js';
import type { Logger } from '../logging/logger.js';
import { startBroker, type RunningBroker, type StartBrokerOptions } from '../start-broker.js';
import { MemoryBackend } from './memory-backend.test-helper.js';

export interface LogLine {
  level: string;
  msg: string | undefined;
  obj: Record<string, unknown>;
}

/** A logger that remembers lines, for asserting "plus a log line". */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (obj: Record<string, unknown>, msg?: string) => lines.push({ level, msg, obj });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const testDefaults: Partial<BrokerConfig> = {
  host: '127.0.0.1',
  port: 0,
  groupInitialRebalanceDelayMs: 0,
  shutdownTimeoutMs: 2_000,
};

/** A broker on 127.0.0.1:ephemeral over the storage double (it exposes parked fetches). */
export async function startTestBroker(
  config: Partial<BrokerConfig> = {},
  options: StartBrokerOptions = {},
): Promise<RunningBroker & { backend: MemoryBackend }> {
  const backend = new MemoryBackend();
  const broker = await startBroker(
    { ...testDefaults, ...config },
    { backends: { topics: backend, partitions: backend }, ...options },
  );
  return Object.assign(broker, { backend });
}

/** A broker on 127.0.0.1:ephemeral over the real @tributary/log (in memory unless logDir) with coordinators. */
export async function startLogBroker(
  config: Partial<BrokerConfig> = {},
  options: StartBrokerOptions = {},
): Promise<RunningBroker> {
  return startBroker({ ...testDefaults, logDir: null, ...config }, options);
}
