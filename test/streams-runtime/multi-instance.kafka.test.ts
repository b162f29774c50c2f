import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Cluster } from '@tributary/client';
import { requireReferenceKafka } from '../helpers/peers.js';
import { acquireReferenceKafka, type KafkaLease } from '../helpers/shared-kafka.js';
import { kafkaCluster } from './harness.js';
import { multiInstanceScenario } from './multi-instance-scenario.js';

const peer = requireReferenceKafka();

describe.skipIf(!peer.available)('two instances share tasks; failover uses the standby (kafka adapter, Apache Kafka)', () => {
  let lease: KafkaLease | undefined;
  let cluster: Cluster;
  beforeAll(async () => {
    lease = await acquireReferenceKafka();
    cluster = kafkaCluster(lease.bootstrap);
    await cluster.connect();
  });
  afterAll(async () => {
    await cluster?.disconnect();
    await lease?.release();
  });

  it('splits tasks, places standbys on the other instance, and after one stops the other holds the oracle table', async () => {
    await multiInstanceScenario(cluster);
  });
});
