import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from '@tributary/client';
import { requireReferenceKafka } from '../helpers/peers.js';
import { acquireReferenceKafka, type KafkaLease } from '../helpers/shared-kafka.js';
import { kafkaCluster } from './harness.js';
import { wordCountScenario } from './word-count-scenario.js';

const peer = requireReferenceKafka();

describe.skipIf(!peer.available)('TributaryStreams word count on Apache Kafka (kafka adapter)', () => {
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

  it('counts words end to end, equal to the oracle; IQ sees the table; a restart restores it', async () => {
    await wordCountScenario(cluster);
  });
});
