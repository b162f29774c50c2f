import { type Consumer, type EachMessagePayload, type Kafka } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait-for.js';
import { brokerTargets, kafkajs, uniqueName, type BrokerUnderTest } from './broker-targets.js';

describe.each(brokerTargets())('kafkajs idempotence and transactions against $name', (target) => {
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
  const kafka = (): Kafka => kafkajs(broker.bootstrap, { retry: { retries: 8, initialRetryTime: 50 } });

  async function collect(k: Kafka, topic: string, groupId: string, into: string[]): Promise<Consumer> {
    const c = k.consumer({ groupId, maxWaitTimeInMs: 100, heartbeatInterval: 500, readUncommitted: false });
    consumers.push(c);
    await c.connect();
    await c.subscribe({ topic, fromBeginning: true });
    await c.run({ eachMessage: async ({ message }: EachMessagePayload) => void into.push(message.value!.toString()) });
    return c;
  }

  it.skipIf(!target.available)('an idempotent producer writes each record once', async () => {
    const topic = uniqueName('idem');
    const k = kafka();
    const admin = k.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = k.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < 5; i++) await producer.send({ topic, acks: -1, messages: [{ value: `i${i}` }, { value: `j${i}` }] });
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(Number(offsets[0]!.high)).toBe(10);
    await producer.disconnect();
    await admin.disconnect();
  });

  it.skipIf(!target.available)('committed transactions become visible to read_committed consumers; aborted ones never do', async () => {
    const topic = uniqueName('tx');
    const k = kafka();
    const admin = k.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const producer = k.producer({ transactionalId: uniqueName('tx-1'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const t1 = await producer.transaction();
    await t1.send({ topic, messages: [{ key: 'a', value: 'c1' }, { key: 'b', value: 'c2' }] });
    await t1.commit();
    const t2 = await producer.transaction();
    await t2.send({ topic, messages: [{ key: 'a', value: 'x1' }, { key: 'b', value: 'x2' }] });
    await t2.abort();
    const t3 = await producer.transaction();
    await t3.send({ topic, messages: [{ key: 'a', value: 'c3' }] });
    await t3.commit();
    const seen: string[] = [];
    const reader = uniqueName('tx-reader');
    await collect(k, topic, reader, seen);
    await waitFor(() => seen.length >= 3, { timeoutMs: 15_000 });
    // Let the consumer pass the last data record (only a marker may follow) before judging.
    await waitFor(async () => {
      const o = await admin.fetchOffsets({ groupId: reader, topics: [topic] });
      const hw = await admin.fetchTopicOffsets(topic);
      return o[0]!.partitions.every((p) => Number(p.offset) >= Number(hw.find((h) => h.partition === p.partition)!.high) - 1);
    }, { timeoutMs: 15_000 });
    expect(seen.sort()).toEqual(['c1', 'c2', 'c3']);
    // Markers take offsets: 5 data records + 3 markers per partition that took part.
    const hw = await admin.fetchTopicOffsets(topic);
    expect(hw.reduce((n, p) => n + Number(p.high), 0)).toBeGreaterThanOrEqual(5 + 3);
    await producer.disconnect();
    await admin.disconnect();
  });

  it.skipIf(!target.available)('consume-transform-produce with sendOffsets commits the input offsets with the output', async () => {
    const [input, output, group] = [uniqueName('in'), uniqueName('out'), uniqueName('ctp-g')];
    const k = kafka();
    const admin = k.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: input, numPartitions: 1 }, { topic: output, numPartitions: 1 }] });
    const plain = k.producer();
    await plain.connect();
    await plain.send({ topic: input, messages: [{ value: '1' }, { value: '2' }, { value: '3' }] });
    const txp = k.producer({ transactionalId: uniqueName('ctp'), idempotent: true, maxInFlightRequests: 1 });
    await txp.connect();
    const consumer = k.consumer({ groupId: group, maxWaitTimeInMs: 100, heartbeatInterval: 500 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: input, fromBeginning: true });
    let done = 0;
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }: EachMessagePayload) => {
        const t = await txp.transaction();
        await t.send({ topic: output, messages: [{ value: String(Number(message.value) * 10) }] });
        await t.sendOffsets({ consumerGroupId: group, topics: [{ topic, partitions: [{ partition, offset: String(Number(message.offset) + 1) }] }] });
        await t.commit();
        done++;
      },
    });
    await waitFor(() => done === 3, { timeoutMs: 15_000 });
    const committed = await admin.fetchOffsets({ groupId: group, topics: [input] });
    expect(committed[0]!.partitions[0]!.offset).toBe('3');
    const out: string[] = [];
    await collect(k, output, uniqueName('out-reader'), out);
    await waitFor(() => out.length === 3, { timeoutMs: 15_000 });
    expect(out.sort()).toEqual(['10', '20', '30']);
    await txp.disconnect();
    await plain.disconnect();
    await admin.disconnect();
  });
});
