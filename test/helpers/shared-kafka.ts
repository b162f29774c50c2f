import { inject } from 'vitest';
import { startReferenceKafka } from './reference-kafka.js';
import type { ReferenceKafkaOptions } from './reference-kafka.js';
import { BOOTSTRAP_ENV } from './reference-paths.js';

export interface KafkaLease {
  readonly bootstrap: string;
  /** True when this lease started its own broker (no global setup, no env var). */
  readonly private: boolean;
  /** Stops the broker if this lease started it; a no-op for the shared one. */
  release(): Promise<void>;
}

function sharedBootstrap(): string | undefined {
  try {
    const injected = inject('referenceKafkaBootstrap');
    if (injected) return injected;
  } catch {
    // not inside a vitest worker
  }
  return process.env[BOOTSTRAP_ENV] || undefined;
}

/**
 * The reference Kafka for one test file: the shared one from kafka-global-setup.ts (or
 * $TRIBUTARY_KAFKA_BOOTSTRAP) when there is one, else a private broker started now. Use in
 * `beforeAll` and call `release()` in `afterAll`. Tests sharing a broker use unique topic and
 * group names.
 */
export async function acquireReferenceKafka(options?: ReferenceKafkaOptions): Promise<KafkaLease> {
  const shared = sharedBootstrap();
  if (shared) return { bootstrap: shared, private: false, release: async () => undefined };
  const kafka = await startReferenceKafka(options);
  return { bootstrap: kafka.bootstrap, private: true, release: () => kafka.stop() };
}
