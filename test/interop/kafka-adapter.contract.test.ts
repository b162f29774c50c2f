import { afterAll, beforeAll, describe } from 'vitest';
import { kafka } from '@tributary/client';
import { describeClusterContract } from '@tributary/client/contract';
import { brokerTargets, type BrokerUnderTest } from './broker-targets.js';

// The kafka adapter must pass the same contract on Tributary's broker and on Apache Kafka (which
// fails loudly in CI when java or the Kafka jars are missing; locally it skips with the install step).
for (const target of brokerTargets()) {
  describe.skipIf(!target.available)(`kafka adapter (kafkajs) against ${target.name}`, () => {
    let broker: BrokerUnderTest | undefined;
    beforeAll(async () => {
      broker = await target.start();
    });
    afterAll(async () => {
      await broker?.close();
    });

    describeClusterContract(target.name === 'apache-kafka' ? 'kafka' : `kafka adapter on ${target.name}`, async ({ clientId }) => {
      if (broker === undefined) throw new Error(`${target.name} did not start`);
      return kafka({ brokers: [broker.bootstrap], clientId });
    });
  });
}
