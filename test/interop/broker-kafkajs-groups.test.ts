import { type Consumer, type EachMessagePayload, type Kafka } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait-for.js';
import { brokerTargets, kafkajs, uniqueName, type BrokerUnderTest } from './broker-targets.js';

describe.each(brokerTargets())('kafkajs consumer groups against $name', (target) => {
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

  it.skipIf(!target.available)('one consumer reads what a producer wrote and commits offsets', async () => {
    const [topic, group] = [uniqueName('c1'), uniqueName('g1')];
    const k = kafka();
    const admin = k.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const producer = k.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, headers: { n: String(i) } })) });
    const consumer = k.consumer({ groupId: group, sessionTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 200 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ message }: EachMessagePayload) => void seen.push(`${message.key}=${message.value}:${message.headers?.n}`) });
    await waitFor(() => seen.length === 10, { timeoutMs: 15_000 });
    expect(seen.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `k${i}=v${i}:${i}`).sort());
    await waitFor(async () => {
      const offsets = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      return offsets[0]!.partitions.reduce((n, p) => n + Number(p.offset), 0) === 10;
    }, { timeoutMs: 10_000 });
    const groups = await admin.listGroups();
    expect(groups.groups).toContainEqual({ groupId: group, protocolType: 'consumer' });
    const described = await admin.describeGroups([group]);
    expect(described.groups[0]).toMatchObject({ groupId: group, state: 'Stable', protocolType: 'consumer', protocol: 'RoundRobinAssigner' });
    expect(described.groups[0]!.members.length).toBe(1);
    await producer.disconnect();
    await admin.disconnect();
  });

  it.skipIf(!target.available)('three members joining and leaving while data flows consume every record exactly once (oracle: per-value counts)', async () => {
    const [topic, group] = [uniqueName('flow'), uniqueName('flow-g')];
    const k = kafka();
    const admin = k.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 6 }] });
    const producer = k.producer();
    await producer.connect();
    const total = 600;
    const counts = new Map<string, number>();
    const byMember = new Map<string, number>();
    const start = async (name: string): Promise<Consumer> => {
      const c = k.consumer({ groupId: group, sessionTimeout: 10_000, rebalanceTimeout: 10_000, heartbeatInterval: 200, maxWaitTimeInMs: 100 });
      consumers.push(c);
      await c.connect();
      await c.subscribe({ topic, fromBeginning: true });
      await c.run({
        autoCommitThreshold: 1,
        eachMessage: async ({ message }: EachMessagePayload) => {
          const v = message.value!.toString();
          counts.set(v, (counts.get(v) ?? 0) + 1);
          byMember.set(name, (byMember.get(name) ?? 0) + 1);
        },
      });
      return c;
    };
    let sent = 0;
    const send = async (n: number): Promise<void> => {
      const messages = Array.from({ length: n }, () => ({ key: `k${sent % 37}`, value: `m${sent++}` }));
      await producer.send({ topic, messages });
    };
    const a = await start('a');
    await send(100);
    await waitFor(() => counts.size >= 50, { timeoutMs: 15_000 });
    await start('b');
    await send(100);
    await start('c');
    await send(100);
    await waitFor(() => (byMember.get('c') ?? 0) > 0 || counts.size >= 300, { timeoutMs: 20_000 });
    await a.disconnect();
    consumers.splice(consumers.indexOf(a), 1);
    while (sent < total) await send(50);
    await waitFor(() => counts.size === total, { timeoutMs: 30_000, message: 'all records consumed' });
    const dupes = [...counts].filter(([, n]) => n !== 1);
    expect(dupes).toEqual([]);
    expect(byMember.size).toBeGreaterThanOrEqual(2);
    await producer.disconnect();
    await admin.disconnect();
  }, 60_000);

  it.skipIf(!target.available)('committed offsets are honoured when the group restarts (and, for Tributary, after a broker restart on disk)', async () => {
    const [topic, group] = [uniqueName('d'), uniqueName('durable-g')];
    const consume = async (into: string[], until: number): Promise<void> => {
      const c = kafka().consumer({ groupId: group, maxWaitTimeInMs: 100, heartbeatInterval: 500 });
      consumers.push(c);
      await c.connect();
      await c.subscribe({ topic, fromBeginning: true });
      await c.run({ eachMessage: async ({ message }: EachMessagePayload) => void into.push(message.value!.toString()) });
      await waitFor(() => into.length >= until, { timeoutMs: 15_000 });
      await c.disconnect();
      consumers.splice(consumers.indexOf(c), 1);
    };
    const produce = async (values: string[]): Promise<void> => {
      const p = kafka().producer();
      await p.connect();
      await p.send({ topic, messages: values.map((value) => ({ value })) });
      await p.disconnect();
    };
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await admin.disconnect();
    await produce(['a', 'b', 'c']);
    const first: string[] = [];
    await consume(first, 3);
    await broker.restart?.();
    await produce(['d', 'e']);
    const second: string[] = [];
    await consume(second, 2);
    expect(first).toEqual(['a', 'b', 'c']);
    expect(second).toEqual(['d', 'e']);
  });
});
