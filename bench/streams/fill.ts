// Pre-producing benchmark input into a cluster (embedded log or a broker), untimed.
import type { Cluster, ProducerRecord } from '@tributary/client';
import type { BenchRecord } from './data.js';

/**
 * Bench records carry fixed timestamps from 2023 (data.ts BASE_TIMESTAMP), older than the default
 * 7-day retention: Apache Kafka's first retention check (30 s after start) would delete whole
 * input and output topics mid-run, so every bench topic keeps its records forever.
 */
export const KEEP_FOREVER = { 'retention.ms': '-1' } as const;

export async function createTopics(cluster: Cluster, names: readonly string[]): Promise<void> {
  await cluster.admin.createTopics(names.map((name) => ({ name, partitions: 1, replicationFactor: 1, configs: { ...KEEP_FOREVER } })));
}

/**
 * Sends `records` to `topic` in sends of 2,000 records, one at a time: concurrent sends could
 * land out of order, and windows without grace would then drop the late records.
 */
export async function fill(cluster: Cluster, topic: string, records: readonly BenchRecord[]): Promise<void> {
  const producer = cluster.producer({ idempotent: false, acks: 1 });
  await producer.connect();
  try {
    for (let i = 0; i < records.length; i += 2_000) {
      const chunk: ProducerRecord[] = records.slice(i, i + 2_000).map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp, partition: 0 }));
      await producer.send(topic, chunk);
    }
  } finally {
    await producer.disconnect();
  }
}
