import { CompressionTypes, logLevel, Kafka, type Consumer } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait-for.js';
import { startLogBroker } from '../../packages/broker/src/testing/test-broker.test-helper.js';
import { brokerTargets, kafkajs, uniqueName, type BrokerUnderTest } from './broker-targets.js';

describe.each(brokerTargets())('kafkajs admin and producer against $name', (target) => {
  let broker: BrokerUnderTest;
  const consumers: Consumer[] = [];
  beforeAll(async () => {
    if (target.available) broker = await target.start();
  });
  afterAll(async () => {
    await broker?.close();
  });
  afterEach(async () => {
    for (const c of consumers.splice(0)) await c.disconnect().catch(() => {});
  });

  it.skipIf(!target.available)('admin creates, lists, describes configs of, grows and deletes topics', async () => {
    const [a, b] = [uniqueName('adm-a'), uniqueName('adm-b')];
    const admin = kafkajs(broker.bootstrap).admin();
    await admin.connect();
    expect(await admin.createTopics({ topics: [{ topic: a, numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '3600000' }] }, { topic: b }] })).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic: a }] })).toBe(false);
    expect(await admin.listTopics()).toEqual(expect.arrayContaining([a, b]));
    const meta = await admin.fetchTopicMetadata({ topics: [a] });
    expect(meta.topics[0]!.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
    const configs = await admin.describeConfigs({ resources: [{ type: 2, name: a }], includeSynonyms: false });
    const entries = new Map(configs.resources[0]!.configEntries.map((e) => [e.configName, e]));
    expect(entries.get('cleanup.policy')).toMatchObject({ configValue: 'delete', isDefault: true });
    expect(entries.get('retention.ms')).toMatchObject({ configValue: '3600000', isDefault: false });
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: a, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] });
    const altered = await admin.describeConfigs({ resources: [{ type: 2, name: a }], includeSynonyms: false });
    expect(altered.resources[0]!.configEntries.find((e) => e.configName === 'cleanup.policy')).toMatchObject({ configValue: 'compact', isDefault: false });
    await admin.createPartitions({ topicPartitions: [{ topic: b, count: 2 }] });
    await waitFor(async () => (await admin.fetchTopicMetadata({ topics: [b] })).topics[0]!.partitions.length === 2, { timeoutMs: 10_000 });
    await admin.deleteTopics({ topics: [b] });
    await waitFor(async () => !(await admin.listTopics()).includes(b), { timeoutMs: 10_000, message: 'deleted topic gone' });
    expect(await admin.listTopics()).toContain(a);
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: broker.port }]);
    expect(cluster.controller).toBe(1);
    await admin.disconnect();
  });

  it.skipIf(!target.available)('producer sends keys, headers and gzip to an auto-created topic; a consumer reads them back', async () => {
    const topic = uniqueName('auto');
    const k = kafkajs(broker.bootstrap);
    const producer = k.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    const res = await producer.send({
      topic,
      compression: CompressionTypes.GZIP,
      messages: [
        { key: 'k1', value: 'v1', headers: { h: 'x' } },
        { key: 'k2', value: 'v2' },
      ],
    });
    expect(res[0]!.errorCode).toBe(0);
    const admin = k.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.length).toBe(1); // num.partitions=1 on both brokers
    expect(Number(offsets[0]!.high)).toBe(2);
    const seen: string[] = [];
    const consumer = k.consumer({ groupId: uniqueName('auto-g'), maxWaitTimeInMs: 100 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(`${message.key}=${message.value}:${message.headers?.h ?? '-'}`) });
    await waitFor(() => seen.length === 2, { timeoutMs: 20_000 });
    expect(seen).toEqual(['k1=v1:x', 'k2=v2:-']);
    await admin.disconnect();
    await producer.disconnect();
  });

  it.skipIf(!target.available)('acks=0 sends get no response yet land in the log, in order with later acked sends', async () => {
    const topic = uniqueName('fire');
    const k = kafkajs(broker.bootstrap);
    const admin = k.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = k.producer();
    await producer.connect();
    for (let i = 0; i < 5; i++) await producer.send({ topic, acks: 0, messages: [{ value: `f${i}` }] });
    const acked = await producer.send({ topic, acks: 1, messages: [{ value: 'last' }] });
    expect(acked[0]!.baseOffset).toBe('5');
    await producer.disconnect();
    await admin.disconnect();
  });

  it.skipIf(!target.available)('an unknown topic without auto-creation is refused with UNKNOWN_TOPIC_OR_PARTITION', async () => {
    const k = kafkajs(broker.bootstrap, { retry: { retries: 1, initialRetryTime: 50 } });
    const producer = k.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await expect(producer.send({ topic: uniqueName('absent'), messages: [{ value: 'x' }] })).rejects.toThrow(
      /does not host this topic-partition|UNKNOWN_TOPIC_OR_PARTITION/,
    );
    await producer.disconnect();
  });
});

describe('SASL/PLAIN (Tributary only: the shared Apache Kafka runs without SASL)', () => {
  it('kafkajs authenticates with configured users and is refused with a wrong password', async () => {
    const broker = await startLogBroker({ saslPlainUsers: [{ username: 'app', password: 'pw' }] });
    try {
      const base = { clientId: 'kjs', brokers: [`127.0.0.1:${broker.port}`], logLevel: logLevel.NOTHING, retry: { retries: 0 } };
      const good = new Kafka({ ...base, sasl: { mechanism: 'plain', username: 'app', password: 'pw' } }).admin();
      await good.connect();
      expect(await good.listTopics()).toEqual([]);
      await good.disconnect();
      const bad = new Kafka({ ...base, sasl: { mechanism: 'plain', username: 'app', password: 'nope' } }).admin();
      await expect(bad.connect()).rejects.toThrow(/SASL PLAIN authentication failed|Authentication failed/);
    } finally {
      await broker.close();
    }
  });
});
