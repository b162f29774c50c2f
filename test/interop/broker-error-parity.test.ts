import { encodeRecordBatch } from '@tributary/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../../packages/broker/src/testing/raw-client.test-helper.js';
import { waitFor } from '../helpers/wait-for.js';
import { brokerTargets, uniqueName, type BrokerUnderTest } from './broker-targets.js';

/**
 * Error codes and edge answers, as raw requests at fixed versions. The expectations are what
 * Apache Kafka 3.9 answers (the same cases run against it); Tributary's broker must match.
 */
describe.each(brokerTargets())('error-code parity of raw requests against $name', (target) => {
  let broker: BrokerUnderTest;
  let c: RawClient;
  let topic: string;
  beforeAll(async () => {
    if (!target.available) return;
    broker = await target.start();
    c = await RawClient.connect(broker.port);
    topic = uniqueName('parity');
    const created = await c.request(19, 4, { topics: [{ name: topic, numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }], timeoutMs: 10_000, validateOnly: false });
    expect(created.topics[0]!.errorCode).toBe(0);
    await waitFor(async () => (await c.request(3, 8, { topics: [{ name: topic }], allowAutoTopicCreation: false })).topics[0]!.errorCode === 0, { timeoutMs: 10_000 });
    // A fresh Kafka creates and loads __consumer_offsets / __transaction_state on first use and
    // answers NOT_COORDINATOR (16) or COORDINATOR_NOT_AVAILABLE (15) meanwhile: wait for both.
    for (const keyType of [0, 1]) {
      await waitFor(async () => (await c.request(10, 2, { key: uniqueName('warm'), keyType })).errorCode === 0, {
        timeoutMs: 60_000,
        message: `coordinator of key type ${keyType} ready`,
      });
    }
    await waitFor(async () => (await c.request(9, 5, { groupId: uniqueName('warm'), topics: [{ name: topic, partitionIndexes: [0] }] })).errorCode === 0, { timeoutMs: 60_000 });
    await waitFor(async () => (await c.request(22, 1, { transactionalId: uniqueName('warm'), transactionTimeoutMs: 60_000 })).errorCode === 0, { timeoutMs: 60_000 });
  });
  afterAll(async () => {
    c?.close();
    await broker?.close();
  });

  const createCode = async (name: string, numPartitions: number, replicationFactor: number, configs: Array<{ name: string; value: string }> = [], validateOnly = false): Promise<number> =>
    (await c.request(19, 4, { topics: [{ name, numPartitions, replicationFactor, assignments: [], configs }], timeoutMs: 10_000, validateOnly })).topics[0]!.errorCode;

  it.skipIf(!target.available)('CreateTopics: bad name 17, zero partitions 37, RF 3 on one node 38, bad config 40, existing 36; validateOnly creates nothing', async () => {
    expect(await createCode('bad name!', 1, 1)).toBe(17);
    expect(await createCode(uniqueName('zero'), 0, 1)).toBe(37);
    expect(await createCode(uniqueName('rf3'), 1, 3)).toBe(38);
    expect(await createCode(uniqueName('cfg'), 1, 1, [{ name: 'cleanup.policy', value: 'bogus' }])).toBe(40);
    expect(await createCode(topic, 1, 1)).toBe(36);
    const dry = uniqueName('dry');
    expect(await createCode(dry, 2, 1, [], true)).toBe(0);
    const meta = await c.request(3, 8, { topics: [{ name: dry }], allowAutoTopicCreation: false });
    expect(meta.topics[0]!.errorCode).toBe(3);
  });

  it.skipIf(!target.available)('DeleteTopics / DescribeConfigs / CreatePartitions on unknown topics answer 3; shrinking partitions answers 37', async () => {
    const missing = uniqueName('missing');
    expect((await c.request(20, 3, { topicNames: [missing], timeoutMs: 10_000 })).responses[0]!.errorCode).toBe(3);
    expect((await c.request(32, 3, { resources: [{ resourceType: 2, resourceName: missing, configurationKeys: null }], includeSynonyms: false, includeDocumentation: false })).results[0]!.errorCode).toBe(3);
    expect((await c.request(37, 1, { topics: [{ name: missing, count: 2, assignments: null }], timeoutMs: 10_000, validateOnly: false })).results[0]!.errorCode).toBe(3);
    expect((await c.request(37, 1, { topics: [{ name: topic, count: 1, assignments: null }], timeoutMs: 10_000, validateOnly: false })).results[0]!.errorCode).toBe(37);
  });

  it.skipIf(!target.available)('Metadata: unknown topic without auto-create answers 3; an invalid name with auto-create answers 17', async () => {
    const res = await c.request(3, 8, { topics: [{ name: uniqueName('nope') }, { name: 'bad name!' }], allowAutoTopicCreation: false });
    expect(res.topics.map((t) => t.errorCode)).toEqual([3, 17]);
    const auto = await c.request(3, 8, { topics: [{ name: 'bad name!' }], allowAutoTopicCreation: true });
    expect(auto.topics[0]!.errorCode).toBe(17);
  });

  it.skipIf(!target.available)('Metadata auto-creation: the triggering request answers UNKNOWN_TOPIC_OR_PARTITION (KRaft), then the topic appears with num.partitions', async () => {
    const name = uniqueName('auto-meta');
    const first = await c.request(3, 8, { topics: [{ name }], allowAutoTopicCreation: true });
    expect(first.topics[0]).toMatchObject({ errorCode: 3, partitions: [] });
    const ready = await waitFor(async () => {
      const t = (await c.request(3, 8, { topics: [{ name }], allowAutoTopicCreation: false })).topics[0]!;
      return t.errorCode === 0 ? t : undefined;
    }, { timeoutMs: 10_000 });
    expect(ready.partitions.map((p) => [p.partitionIndex, p.leaderId])).toEqual([[0, 1]]);
  });

  it.skipIf(!target.available)('Produce: unknown partition 3, invalid acks 21; Fetch and ListOffsets: out of range 1, unknown partition 3', async () => {
    const batch = encodeRecordBatch([{ key: null, value: Buffer.from('x') }]);
    const produce = async (partition: number, acks: number): Promise<number> =>
      (await c.request(0, 8, { transactionalId: null, acks, timeoutMs: 5_000, topicData: [{ name: topic, partitionData: [{ index: partition, records: batch }] }] })).responses[0]!.partitionResponses[0]!.errorCode;
    expect(await produce(5, 1)).toBe(3);
    expect(await produce(0, 2)).toBe(21);
    expect(await produce(0, -1)).toBe(0);
    const fetch = async (partition: number, fetchOffset: number) =>
      (await c.request(1, 11, {
        replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
        topics: [{ topic, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
        forgottenTopicsData: [], rackId: '',
      })).responses[0]!.partitions[0]!;
    expect((await fetch(0, 100)).errorCode).toBe(1);
    expect((await fetch(5, 0)).errorCode).toBe(3);
    const ok = await fetch(0, 0);
    expect(ok).toMatchObject({ errorCode: 0, highWatermark: 1, lastStableOffset: 1, logStartOffset: 0 });
    const list = async (partition: number, timestamp: number) =>
      (await c.request(2, 5, { replicaId: -1, isolationLevel: 0, topics: [{ name: topic, partitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, timestamp }] }] })).topics[0]!.partitions[0]!;
    expect((await list(5, -1)).errorCode).toBe(3);
    expect(await list(0, -1)).toMatchObject({ errorCode: 0, offset: 1 });
    expect(await list(0, Date.now() + 3_600_000)).toMatchObject({ errorCode: 0, offset: -1, timestamp: -1 });
  });

  it.skipIf(!target.available)('groups: unknown group fetches -1 offsets, describes as Dead, deletes with 69; bad session timeout 26; v4+ join needs a member id (79); unknown member 25', async () => {
    const group = uniqueName('pg');
    const fetched = await c.request(9, 5, { groupId: group, topics: [{ name: topic, partitionIndexes: [0] }] });
    expect(fetched.errorCode).toBe(0);
    expect(fetched.topics[0]!.partitions[0]).toMatchObject({ committedOffset: -1, errorCode: 0 });
    const described = await c.request(15, 4, { groups: [group], includeAuthorizedOperations: false });
    expect(described.groups[0]).toMatchObject({ errorCode: 0, groupState: 'Dead', members: [] });
    expect((await c.request(42, 1, { groupsNames: [group] })).results[0]!.errorCode).toBe(69);
    const protocols = [{ name: 'range', metadata: Buffer.alloc(0) }];
    const join = async (sessionTimeoutMs: number, memberId: string) =>
      c.request(11, 5, { groupId: group, sessionTimeoutMs, rebalanceTimeoutMs: 10_000, memberId, groupInstanceId: null, protocolType: 'consumer', protocols });
    expect((await join(1, '')).errorCode).toBe(26);
    const first = await join(10_000, '');
    expect(first.errorCode).toBe(79);
    expect(first.memberId).not.toBe('');
    expect((await c.request(12, 3, { groupId: group, generationId: 1, memberId: 'ghost', groupInstanceId: null })).errorCode).toBe(25);
    // A simple (generation -1) commit to an empty group is accepted, then deleting the group works.
    const commit = await c.request(8, 7, { groupId: group, generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, committedMetadata: '' }] }] });
    expect(commit.topics[0]!.partitions[0]!.errorCode).toBe(0);
  });

  it.skipIf(!target.available)('transactions: timeout above max 50, EndTxn on an unknown id 49, EndTxn with nothing begun 48', async () => {
    const txId = uniqueName('ptx');
    expect((await c.request(22, 4, { transactionalId: txId, transactionTimeoutMs: 3_600_000, producerId: -1, producerEpoch: -1 })).errorCode).toBe(50);
    expect((await c.request(26, 3, { transactionalId: uniqueName('ghost-tx'), producerId: 12345, producerEpoch: 0, committed: true })).errorCode).toBe(49);
    const init = await c.request(22, 4, { transactionalId: txId, transactionTimeoutMs: 30_000, producerId: -1, producerEpoch: -1 });
    expect(init.errorCode).toBe(0);
    expect((await c.request(26, 3, { transactionalId: txId, producerId: init.producerId, producerEpoch: init.producerEpoch, committed: true })).errorCode).toBe(48);
  });

  it.skipIf(!target.available)('idempotent Produce: a retried batch answers its original offset, a gap answers 45, writes to __consumer_offsets 17', async () => {
    const idem = await c.request(22, 4, { transactionalId: null, transactionTimeoutMs: 60_000, producerId: -1, producerEpoch: -1 });
    const send = async (baseSequence: number, name = topic) => {
      const records = encodeRecordBatch([{ key: null, value: Buffer.from('a') }, { key: null, value: Buffer.from('b') }], { producerId: idem.producerId, producerEpoch: idem.producerEpoch, baseSequence });
      return (await c.request(0, 8, { transactionalId: null, acks: -1, timeoutMs: 5_000, topicData: [{ name, partitionData: [{ index: 0, records }] }] })).responses[0]!.partitionResponses[0]!;
    };
    const first = await send(0);
    expect(first.errorCode).toBe(0);
    const retry = await send(0);
    expect(retry).toMatchObject({ errorCode: 0, baseOffset: first.baseOffset });
    expect((await send(5)).errorCode).toBe(45);
    expect((await send(2)).baseOffset).toBe(first.baseOffset + 2);
    expect((await send(4, '__consumer_offsets')).errorCode).toBe(17);
  });

  it.skipIf(!target.available)('a corrupted batch whose attributes claim "transactional": 53 without a transactional id, else CORRUPT_MESSAGE (CRC before transaction state)', async () => {
    const bad = encodeRecordBatch([{ key: Buffer.from('k'), value: Buffer.from('v') }]);
    bad[22]! ^= 0x10;
    const produce = async (transactionalId: string | null) =>
      (await c.request(0, 8, { transactionalId, acks: -1, timeoutMs: 5_000, topicData: [{ name: topic, partitionData: [{ index: 0, records: bad }] }] })).responses[0]!.partitionResponses[0]!.errorCode;
    expect(await produce(null)).toBe(53);
    expect(await produce(uniqueName('flip'))).toBe(2);
  });

  it.skipIf(!target.available)('DescribeProducers of an unknown topic answers 3 per partition', async () => {
    const res = await c.request(61, 0, { topics: [{ name: uniqueName('nope'), partitionIndexes: [0] }] });
    expect(res.topics[0]!.partitions[0]!.errorCode).toBe(3);
  });
});
