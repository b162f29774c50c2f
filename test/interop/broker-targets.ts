import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningBroker } from '@tributary/broker';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaConfig } from 'kafkajs';
import { requireReferenceKafka } from '../helpers/peers.js';
import { acquireReferenceKafka } from '../helpers/shared-kafka.js';
import { startLogBroker } from '../../packages/broker/src/testing/test-broker.test-helper.js';

/**
 * One broker an interop case runs against. Every case runs against Tributary's broker and the
 * same case against Apache Kafka, which proves the test's expectations are Kafka's behaviour.
 */
export interface BrokerUnderTest {
  /** `127.0.0.1:<port>`; changes after `restart()` for Tributary. */
  readonly bootstrap: string;
  readonly port: number;
  /**
   * Restarts the broker on the same data (Tributary only: the shared Apache Kafka is not
   * restarted by tests). Undefined when the target cannot restart.
   */
  readonly restart: (() => Promise<void>) | undefined;
  close(): Promise<void>;
}

export interface BrokerTarget {
  readonly name: 'tributary' | 'apache-kafka';
  /** False (with a skip message printed) when the peer is missing locally; CI fails loudly instead. */
  readonly available: boolean;
  start(): Promise<BrokerUnderTest>;
}

async function startTributary(): Promise<BrokerUnderTest> {
  const dir = await mkdtemp(join(tmpdir(), 'trib-interop-'));
  let broker: RunningBroker = await startLogBroker({ logDir: dir });
  return {
    get bootstrap() {
      return `127.0.0.1:${broker.port}`;
    },
    get port() {
      return broker.port;
    },
    restart: async () => {
      await broker.close();
      broker = await startLogBroker({ logDir: dir });
    },
    async close() {
      await broker.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function startApacheKafka(): Promise<BrokerUnderTest> {
  const lease = await acquireReferenceKafka();
  const port = Number(lease.bootstrap.split(':')[1]);
  return { bootstrap: lease.bootstrap, port, restart: undefined, close: () => lease.release() };
}

let kafkaPeer: boolean | undefined;

/** Tributary first, then Apache Kafka (shared per run by the interop project's global setup). */
export function brokerTargets(): BrokerTarget[] {
  kafkaPeer ??= requireReferenceKafka().available;
  return [
    { name: 'tributary', available: true, start: startTributary },
    { name: 'apache-kafka', available: kafkaPeer, start: startApacheKafka },
  ];
}

let counter = 0;
const runTag = Date.now().toString(36);

/** A topic/group/transactional id unique in this run (cases share one Apache Kafka). */
export function uniqueName(base: string): string {
  return `${base}-${runTag}-${process.pid}-${++counter}`;
}

/** A kafkajs client for a broker under test. */
export function kafkajs(bootstrap: string, extra: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: 'kjs',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 100 },
    ...extra,
  });
}
