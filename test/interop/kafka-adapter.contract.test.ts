import { afterAll, beforeAll, describe } from 'vitest';
import { kafka } from '@tributary/client';
import { describeClusterContract } from '@tributary/client/contract';
import { requireReferenceKafka } from '../helpers/peers.js';
import { acquireReferenceKafka, type KafkaLease } from '../helpers/shared-kafka.js';

// Fails loudly in CI when java or the Kafka jars are missing; locally skips with the install step.
const peer = requireReferenceKafka();

describe.skipIf(!peer.available)('kafka adapter (kafkajs) against Apache Kafka', () => {
  let lease: KafkaLease | undefined;
  beforeAll(async () => {
    lease = await acquireReferenceKafka();
  });
  afterAll(async () => {
    await lease?.release();
  });

  describeClusterContract('kafka', async ({ clientId }) => {
    if (lease === undefined) throw new Error('reference Kafka did not start');
    return kafka({ brokers: [lease.bootstrap], clientId });
  });
});
