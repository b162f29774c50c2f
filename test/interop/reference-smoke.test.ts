import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaTool, runKafkaTool } from '../helpers/java-tools.js';
import { runKcat } from '../helpers/kcat.js';
import { requireKcat, requirePeers, requireReferenceKafka } from '../helpers/peers.js';
import { acquireReferenceKafka } from '../helpers/shared-kafka.js';
import type { KafkaLease } from '../helpers/shared-kafka.js';
import { waitFor } from '../helpers/wait-for.js';

// Proves the reference harness itself: a real Apache Kafka, reached by kafkajs, kcat and Kafka's
// own Java console consumer. Fails in CI when a peer is missing; skips locally with the install step.
const peers = requirePeers(requireReferenceKafka(), requireKcat());

describe.skipIf(!peers.available)('reference Apache Kafka harness', () => {
  let lease: KafkaLease;
  let kafka: Kafka;
  const topic = `smoke-${randomUUID()}`;
  const records = 1000;

  beforeAll(async () => {
    lease = await acquireReferenceKafka();
    kafka = new Kafka({ clientId: 'reference-smoke', brokers: [lease.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })).toBe(true);
    } finally {
      await admin.disconnect();
    }
    const producer = kafka.producer();
    await producer.connect();
    try {
      const messages = Array.from({ length: records }, (_, i) => ({ key: `k${i % 50}`, value: `v${i}` }));
      const results = await producer.send({ topic, messages });
      expect(results.every((result) => result.errorCode === 0)).toBe(true);
    } finally {
      await producer.disconnect();
    }
  });

  afterAll(async () => {
    await lease?.release();
  });

  it('kafkajs consumer group reads every keyed record', async () => {
    const consumer = kafka.consumer({ groupId: `smoke-group-${randomUUID()}` });
    const seen = new Map<string, string>();
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.set(message.value?.toString() ?? '', message.key?.toString() ?? '');
        },
      });
      await waitFor(() => seen.size === records, { timeoutMs: 30_000, message: `${records} records consumed (have ${seen.size})` });
    } finally {
      await consumer.disconnect();
    }
    expect(seen.get('v7')).toBe('k7');
    expect(seen.get(`v${records - 1}`)).toBe(`k${(records - 1) % 50}`);
  });

  it('kcat -L lists the topic with its partitions', async () => {
    const result = await runKcat(lease.bootstrap, ['-L', '-t', topic, '-J']);
    expect(result.code, result.stderr).toBe(0);
    const metadata = JSON.parse(result.stdout) as { topics: { topic: string; partitions: unknown[] }[] };
    expect(metadata.topics.map((t) => [t.topic, t.partitions.length])).toEqual([[topic, 3]]);
  });

  it('the Java console consumer reads records', async () => {
    const result = await runKafkaTool(
      KafkaTool.consoleConsumer,
      ['--bootstrap-server', lease.bootstrap, '--topic', topic, '--from-beginning', '--max-messages', '5', '--timeout-ms', '30000', '--property', 'print.key=true'],
      { timeoutMs: 45_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/^k\d+\tv\d+$/);
  });
});
