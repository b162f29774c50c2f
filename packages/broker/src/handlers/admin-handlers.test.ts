import { encodeRecordBatch } from '@tributary/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../testing/raw-client.test-helper.js';
import { startLogBroker } from '../testing/test-broker.test-helper.js';

let broker: Awaited<ReturnType<typeof startLogBroker>> | undefined;
let c: RawClient | undefined;
afterEach(async () => {
  c?.close();
  await broker?.close();
  broker = undefined;
});

async function setup(config: Parameters<typeof startLogBroker>[0] = {}): Promise<RawClient> {
  broker = await startLogBroker(config);
  c = await RawClient.connect(broker.port);
  return c;
}

const topic = (name: string, numPartitions = 1, replicationFactor = -1, configs: Array<{ name: string; value: string }> = []) => ({
  name,
  numPartitions,
  replicationFactor,
  assignments: [],
  configs,
});

describe('Metadata', () => {
  it('auto-creates on request (UNKNOWN_TOPIC_OR_PARTITION first, as KRaft Kafka, then the topic), only when allowed and enabled', async () => {
    const c = await setup({ numPartitions: 2 });
    const first = await c.request(3, 8, { topics: [{ name: 'auto-t' }], allowAutoTopicCreation: true });
    expect(first.topics[0]).toMatchObject({ name: 'auto-t', errorCode: 3 });
    const second = await c.request(3, 8, { topics: [{ name: 'auto-t' }], allowAutoTopicCreation: true });
    expect(second.topics[0]).toMatchObject({ name: 'auto-t', errorCode: 0 });
    expect(second.topics[0]!.partitions.map((p) => [p.partitionIndex, p.leaderId, p.leaderEpoch])).toEqual([[0, 1, 0], [1, 1, 0]]);
    expect(second).toMatchObject({ controllerId: 1, clusterId: 'TributaryCluster00000A' });
    expect(second.brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port: broker!.port, rack: null }]);
    const denied = await c.request(3, 8, { topics: [{ name: 'no-auto' }], allowAutoTopicCreation: false });
    expect(denied.topics[0]!.errorCode).toBe(3);
    expect((await c.request(3, 8, { topics: [{ name: 'bad name!' }], allowAutoTopicCreation: true })).topics[0]!.errorCode).toBe(17);
    const all = await c.request(3, 1, { topics: null });
    expect(all.topics.map((t) => t.name)).toEqual(['auto-t']);
    const none = await c.request(3, 1, { topics: [] });
    expect(none.topics).toEqual([]);
  });

  it('does not auto-create when auto.create.topics.enable=false', async () => {
    const c = await setup({ autoCreateTopicsEnable: false });
    expect((await c.request(3, 8, { topics: [{ name: 'x' }], allowAutoTopicCreation: true })).topics[0]!.errorCode).toBe(3);
  });
});

describe('CreateTopics / DeleteTopics / CreatePartitions', () => {
  it('uses broker defaults for -1, honours validateOnly and configs, refuses RF>1, duplicates and bad names', async () => {
    const c = await setup({ numPartitions: 3 });
    const res = await c.request(19, 4, {
      topics: [
        topic('defaults', -1),
        topic('validate', 2),
        topic('rf3', 1, 3),
        topic('bad/name'),
        topic('cfg', 1, 1, [{ name: 'cleanup.policy', value: 'compact' }]),
        topic('badcfg', 1, 1, [{ name: 'no.such.config', value: '1' }]),
      ],
      timeoutMs: 1000,
      validateOnly: false,
    });
    const codes = Object.fromEntries(res.topics.map((t) => [t.name, t.errorCode]));
    expect(codes).toEqual({ defaults: 0, validate: 0, rf3: 38, 'bad/name': 17, cfg: 0, badcfg: 40 });
    const meta = await c.request(3, 8, { topics: [{ name: 'defaults' }], allowAutoTopicCreation: false });
    expect(meta.topics[0]!.partitions.length).toBe(3);
    const dry = await c.request(19, 4, { topics: [topic('dry'), topic('defaults')], timeoutMs: 1000, validateOnly: true });
    expect(dry.topics.map((t) => t.errorCode)).toEqual([0, 36]);
    expect((await c.request(3, 8, { topics: [{ name: 'dry' }], allowAutoTopicCreation: false })).topics[0]!.errorCode).toBe(3);

    const grow = await c.request(37, 1, { topics: [{ name: 'validate', count: 4, assignments: null }, { name: 'validate2', count: 2, assignments: null }], timeoutMs: 1000, validateOnly: false });
    expect(grow.results.map((r) => r.errorCode)).toEqual([0, 3]);
    const shrink = await c.request(37, 1, { topics: [{ name: 'validate', count: 1, assignments: null }], timeoutMs: 1000, validateOnly: false });
    expect(shrink.results[0]!.errorCode).toBe(37);

    const del = await c.request(20, 3, { topicNames: ['validate', 'nope'], timeoutMs: 1000 });
    expect(del.responses.map((r) => [r.name, r.errorCode])).toEqual([['validate', 0], ['nope', 3]]);
  });
});

describe('ListOffsets / DeleteRecords', () => {
  it('answers earliest/latest/by-time and moves the log start offset', async () => {
    const c = await setup();
    await c.request(19, 4, { topics: [topic('lo')], timeoutMs: 1000, validateOnly: false });
    for (const ts of [1_000, 2_000, 3_000]) {
      const records = encodeRecordBatch([{ key: null, value: Buffer.from(String(ts)), timestamp: ts }]);
      await c.request(0, 8, { transactionalId: null, acks: -1, timeoutMs: 1000, topicData: [{ name: 'lo', partitionData: [{ index: 0, records }] }] });
    }
    const list = async (timestamp: number) =>
      (await c.request(2, 5, { replicaId: -1, isolationLevel: 0, topics: [{ name: 'lo', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp }] }] })).topics[0]!.partitions[0]!;
    expect((await list(-2)).offset).toBe(0);
    expect((await list(-1)).offset).toBe(3);
    expect(await list(1_500)).toMatchObject({ offset: 1, timestamp: 2_000, errorCode: 0 });
    expect((await list(9_000)).offset).toBe(-1);
    const del = await c.request(21, 1, { topics: [{ name: 'lo', partitions: [{ partitionIndex: 0, offset: 2 }] }], timeoutMs: 1000 });
    expect(del.topics[0]!.partitions[0]).toMatchObject({ lowWatermark: 2, errorCode: 0 });
    expect((await list(-2)).offset).toBe(2);
    const unknown = await c.request(21, 1, { topics: [{ name: 'lo', partitions: [{ partitionIndex: 7, offset: 2 }] }], timeoutMs: 1000 });
    expect(unknown.topics[0]!.partitions[0]!.errorCode).toBe(3);
  });
});

describe('DescribeConfigs / AlterConfigs / IncrementalAlterConfigs', () => {
  it('describes topic overrides and defaults, alters topic configs, and keeps broker configs read-only', async () => {
    const c = await setup();
    await c.request(19, 4, { topics: [topic('cf', 1, -1, [{ name: 'retention.ms', value: '1000' }])], timeoutMs: 1000, validateOnly: false });
    const describeTopic = async () => {
      const r = await c.request(32, 3, { resources: [{ resourceType: 2, resourceName: 'cf', configurationKeys: null }], includeSynonyms: false, includeDocumentation: false });
      return Object.fromEntries(r.results[0]!.configs.map((e) => [e.name, [e.value, e.configSource]]));
    };
    const before = await describeTopic();
    expect(before['retention.ms']).toEqual(['1000', 1]);
    expect(before['cleanup.policy']).toEqual(['delete', 5]);

    const inc = await c.request(44, 1, {
      resources: [{ resourceType: 2, resourceName: 'cf', configs: [{ name: 'cleanup.policy', configOperation: 0, value: 'compact' }, { name: 'retention.ms', configOperation: 1, value: null }] }],
      validateOnly: false,
    });
    expect(inc.responses[0]!.errorCode).toBe(0);
    const after = await describeTopic();
    expect(after['cleanup.policy']).toEqual(['compact', 1]);
    expect(after['retention.ms']![1]).toBe(5);

    const legacy = await c.request(33, 1, { resources: [{ resourceType: 2, resourceName: 'cf', configs: [{ name: 'segment.bytes', value: '1048576' }] }], validateOnly: false });
    expect(legacy.responses[0]!.errorCode).toBe(0);
    const replaced = await describeTopic();
    expect(replaced['segment.bytes']).toEqual(['1048576', 1]);
    expect(replaced['cleanup.policy']).toEqual(['delete', 5]);

    const brokerCfg = await c.request(32, 3, { resources: [{ resourceType: 4, resourceName: '1', configurationKeys: ['message.max.bytes'] }], includeSynonyms: false, includeDocumentation: false });
    expect(brokerCfg.results[0]!.configs).toMatchObject([{ name: 'message.max.bytes', value: '1048588', readOnly: true }]);
    const alterBroker = await c.request(44, 1, { resources: [{ resourceType: 4, resourceName: '1', configs: [{ name: 'num.partitions', configOperation: 0, value: '3' }] }], validateOnly: false });
    expect(alterBroker.responses[0]!.errorCode).toBe(40);
    const missing = await c.request(32, 3, { resources: [{ resourceType: 2, resourceName: 'nope', configurationKeys: null }], includeSynonyms: false, includeDocumentation: false });
    expect(missing.results[0]!.errorCode).toBe(3);
  });
});
