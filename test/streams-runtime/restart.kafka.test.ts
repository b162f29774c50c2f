import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Cluster } from '@tributary/client';
import { requireReferenceKafka } from '../helpers/peers.js';
import { acquireReferenceKafka, type KafkaLease } from '../helpers/shared-kafka.js';
import { kafkaCluster } from './harness.js';
import { restartScenario } from './restart-scenario.js';

const peer = requireReferenceKafka();

describe.skipIf(!peer.available)('restarts with persistent (classic-level) stores (kafka adapter, Apache Kafka)', () => {
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

  it('a clean restart restores only the tail; a missing or corrupt checkpoint wipes and restores everything', async () => {
    await restartScenario(cluster);
  });
});
