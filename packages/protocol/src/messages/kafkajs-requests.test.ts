import { describe, expect, it } from 'vitest';
import { decodeRequest, encodeRequest } from '../schema/frames.js';
import { kafkajsRecordBatch, kafkajsRequestFrame, range } from './fixtures/kafkajs.test-helper.js';

// Golden frames: kafkajs 2.2.4 builds each request it implements; we must read the same field
// values and re-encode the identical bytes (header v1 included).

interface GoldenCase {
  readonly api: string;
  readonly apiKey: number;
  readonly versions: readonly number[];
  readonly args: unknown;
  /** Field values our decoder must produce (a subset; version-dependent where fields come and go). */
  readonly expected: (version: number) => Record<string, unknown>;
}

const SASL_PLAIN = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('\0user\0pass!')]);

const cases: GoldenCase[] = [
  { api: 'apiVersions', apiKey: 18, versions: range(0, 2), args: {}, expected: () => ({}) },
  {
    api: 'metadata',
    apiKey: 3,
    versions: range(0, 6),
    args: { topics: ['orders', 'payments'], allowAutoTopicCreation: false },
    expected: (v) => ({
      topics: [
        { name: 'orders', topicId: '00000000-0000-0000-0000-000000000000' },
        { name: 'payments', topicId: '00000000-0000-0000-0000-000000000000' },
      ],
      allowAutoTopicCreation: v < 4,
    }),
  },
  {
    api: 'fetch',
    apiKey: 1,
    versions: range(0, 11),
    args: {
      replicaId: -1,
      maxWaitTime: 5000,
      minBytes: 1,
      maxBytes: 10485760,
      isolationLevel: 1,
      rackId: 'rack-a',
      topics: [{ topic: 'orders', partitions: [{ partition: 2, fetchOffset: '42', maxBytes: 1048576 }] }],
    },
    expected: (v) => ({
      replicaId: -1,
      maxWaitMs: 5000,
      minBytes: 1,
      maxBytes: v >= 3 ? 10485760 : 0x7fffffff,
      isolationLevel: v >= 4 ? 1 : 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [{ topic: 'orders', partitions: [{ partition: 2, currentLeaderEpoch: -1, fetchOffset: 42, logStartOffset: -1, partitionMaxBytes: 1048576 }] }],
      forgottenTopicsData: [],
      rackId: v >= 11 ? 'rack-a' : '',
    }),
  },
  {
    api: 'listOffsets',
    apiKey: 2,
    versions: range(0, 3),
    args: { replicaId: -1, isolationLevel: 1, topics: [{ topic: 'orders', partitions: [{ partition: 0, timestamp: -2 }] }] },
    expected: (v) => ({
      replicaId: -1,
      isolationLevel: v >= 2 ? 1 : 0,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, timestamp: -2, currentLeaderEpoch: -1, maxNumOffsets: 1 }] }],
    }),
  },
  {
    api: 'offsetCommit',
    apiKey: 8,
    versions: range(0, 5),
    args: {
      groupId: 'g1',
      groupGenerationId: 3,
      memberId: 'm-1',
      retentionTime: -1,
      topics: [{ topic: 'orders', partitions: [{ partition: 1, offset: '100', metadata: 'meta' }] }],
    },
    expected: (v) => ({
      groupId: 'g1',
      generationIdOrMemberEpoch: v >= 1 ? 3 : -1,
      memberId: v >= 1 ? 'm-1' : '',
      retentionTimeMs: -1,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 1, committedOffset: 100, committedMetadata: 'meta' }] }],
    }),
  },
  {
    api: 'offsetFetch',
    apiKey: 9,
    versions: range(1, 4),
    args: { groupId: 'g1', topics: [{ topic: 'orders', partitions: [{ partition: 0 }, { partition: 3 }] }] },
    expected: () => ({ groupId: 'g1', topics: [{ name: 'orders', partitionIndexes: [0, 3] }], requireStable: false }),
  },
  {
    api: 'findCoordinator',
    apiKey: 10,
    versions: range(0, 2),
    args: { groupId: 'g1', coordinatorKey: 'g1', coordinatorType: 1 },
    expected: (v) => ({ key: 'g1', keyType: v >= 1 ? 1 : 0 }),
  },
  {
    api: 'joinGroup',
    apiKey: 11,
    versions: range(0, 5),
    args: {
      groupId: 'g1',
      sessionTimeout: 30000,
      rebalanceTimeout: 60000,
      memberId: '',
      groupInstanceId: 'static-1',
      protocolType: 'consumer',
      groupProtocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from([0, 1, 0, 0, 0, 0]) }],
    },
    expected: (v) => ({
      groupId: 'g1',
      sessionTimeoutMs: 30000,
      rebalanceTimeoutMs: v >= 1 ? 60000 : -1,
      memberId: '',
      groupInstanceId: v >= 5 ? 'static-1' : null,
      protocolType: 'consumer',
      protocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from([0, 1, 0, 0, 0, 0]) }],
    }),
  },
  {
    api: 'heartbeat',
    apiKey: 12,
    versions: range(0, 3),
    args: { groupId: 'g1', groupGenerationId: 4, memberId: 'm-1', groupInstanceId: null },
    expected: () => ({ groupId: 'g1', generationId: 4, memberId: 'm-1', groupInstanceId: null }),
  },
  {
    api: 'leaveGroup',
    apiKey: 13,
    versions: range(0, 3),
    args: { groupId: 'g1', memberId: 'm-1', members: [{ memberId: 'm-1', groupInstanceId: null }] },
    expected: (v) =>
      v >= 3
        ? { groupId: 'g1', memberId: '', members: [{ memberId: 'm-1', groupInstanceId: null, reason: null }] }
        : { groupId: 'g1', memberId: 'm-1', members: [] },
  },
  {
    api: 'syncGroup',
    apiKey: 14,
    versions: range(0, 3),
    args: { groupId: 'g1', generationId: 4, memberId: 'm-1', groupAssignment: [{ memberId: 'm-1', memberAssignment: Buffer.from('abc') }] },
    expected: () => ({
      groupId: 'g1',
      generationId: 4,
      memberId: 'm-1',
      groupInstanceId: null,
      assignments: [{ memberId: 'm-1', assignment: Buffer.from('abc') }],
    }),
  },
  {
    api: 'describeGroups',
    apiKey: 15,
    versions: range(0, 2),
    args: { groupIds: ['g1', 'g2'] },
    expected: () => ({ groups: ['g1', 'g2'], includeAuthorizedOperations: false }),
  },
  { api: 'listGroups', apiKey: 16, versions: range(0, 2), args: {}, expected: () => ({}) },
  { api: 'saslHandshake', apiKey: 17, versions: range(0, 1), args: { mechanism: 'PLAIN' }, expected: () => ({ mechanism: 'PLAIN' }) },
  {
    api: 'createTopics',
    apiKey: 19,
    versions: range(0, 3),
    args: {
      topics: [
        {
          topic: 'orders',
          numPartitions: 3,
          replicationFactor: 1,
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        },
      ],
      validateOnly: true,
      timeout: 1234,
    },
    expected: (v) => ({
      topics: [{ name: 'orders', numPartitions: 3, replicationFactor: 1, assignments: [], configs: [{ name: 'cleanup.policy', value: 'compact' }] }],
      timeoutMs: 1234,
      validateOnly: v >= 1,
    }),
  },
  {
    api: 'deleteTopics',
    apiKey: 20,
    versions: range(0, 1),
    args: { topics: ['a', 'b'], timeout: 999 },
    expected: () => ({ topicNames: ['a', 'b'], timeoutMs: 999 }),
  },
  {
    api: 'deleteRecords',
    apiKey: 21,
    versions: range(0, 1),
    args: { topics: [{ topic: 'orders', partitions: [{ partition: 0, offset: '17' }] }], timeout: 500 },
    expected: () => ({ topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, offset: 17 }] }], timeoutMs: 500 }),
  },
  {
    api: 'initProducerId',
    apiKey: 22,
    versions: range(0, 1),
    args: { transactionalId: 'tx-1', transactionTimeout: 60000 },
    expected: () => ({ transactionalId: 'tx-1', transactionTimeoutMs: 60000, producerId: -1, producerEpoch: -1 }),
  },
  {
    api: 'addPartitionsToTxn',
    apiKey: 24,
    versions: range(0, 1),
    args: { transactionalId: 'tx-1', producerId: '5', producerEpoch: 2, topics: [{ topic: 'orders', partitions: [0, 1] }] },
    expected: () => ({
      v3AndBelowTransactionalId: 'tx-1',
      v3AndBelowProducerId: 5,
      v3AndBelowProducerEpoch: 2,
      v3AndBelowTopics: [{ name: 'orders', partitions: [0, 1] }],
      transactions: [],
    }),
  },
  {
    api: 'addOffsetsToTxn',
    apiKey: 25,
    versions: range(0, 1),
    args: { transactionalId: 'tx-1', producerId: '5', producerEpoch: 2, groupId: 'g1' },
    expected: () => ({ transactionalId: 'tx-1', producerId: 5, producerEpoch: 2, groupId: 'g1' }),
  },
  {
    api: 'endTxn',
    apiKey: 26,
    versions: range(0, 1),
    args: { transactionalId: 'tx-1', producerId: '5', producerEpoch: 2, transactionResult: true },
    expected: () => ({ transactionalId: 'tx-1', producerId: 5, producerEpoch: 2, committed: true }),
  },
  {
    api: 'txnOffsetCommit',
    apiKey: 28,
    versions: range(0, 1),
    args: {
      transactionalId: 'tx-1',
      groupId: 'g1',
      producerId: '5',
      producerEpoch: 2,
      topics: [{ topic: 'orders', partitions: [{ partition: 0, offset: '9', metadata: null }] }],
    },
    expected: () => ({
      transactionalId: 'tx-1',
      groupId: 'g1',
      producerId: 5,
      producerEpoch: 2,
      generationId: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 9, committedLeaderEpoch: -1, committedMetadata: null }] }],
    }),
  },
  {
    api: 'describeConfigs',
    apiKey: 32,
    versions: range(0, 2),
    args: { resources: [{ type: 2, name: 'orders', configNames: ['retention.ms'] }], includeSynonyms: true },
    expected: (v) => ({
      resources: [{ resourceType: 2, resourceName: 'orders', configurationKeys: ['retention.ms'] }],
      includeSynonyms: v >= 1,
    }),
  },
  {
    api: 'alterConfigs',
    apiKey: 33,
    versions: range(0, 1),
    args: { resources: [{ type: 2, name: 'orders', configEntries: [{ name: 'retention.ms', value: '1000' }] }], validateOnly: true },
    expected: () => ({
      resources: [{ resourceType: 2, resourceName: 'orders', configs: [{ name: 'retention.ms', value: '1000' }] }],
      validateOnly: true,
    }),
  },
  {
    api: 'saslAuthenticate',
    apiKey: 36,
    versions: range(0, 1),
    args: { authBytes: SASL_PLAIN },
    expected: () => ({ authBytes: SASL_PLAIN.subarray(4) }),
  },
  {
    api: 'createPartitions',
    apiKey: 37,
    versions: range(0, 1),
    args: { topicPartitions: [{ topic: 'orders', count: 6, assignments: [[1], [1]] }], validateOnly: false, timeout: 3000 },
    expected: () => ({
      topics: [{ name: 'orders', count: 6, assignments: [{ brokerIds: [1] }, { brokerIds: [1] }] }],
      timeoutMs: 3000,
      validateOnly: false,
    }),
  },
  { api: 'deleteGroups', apiKey: 42, versions: range(0, 1), args: ['g1', 'g2'], expected: () => ({ groupsNames: ['g1', 'g2'] }) },
];

describe('kafkajs 2.2.4 request frames', () => {
  const all = cases.flatMap((c) => c.versions.map((v) => [`${c.api} v${v}`, c, v] as const));

  it.each(all)('%s: decodes to kafkajs\'s values and re-encodes byte-identically', async (_label, c, version) => {
    const frame = await kafkajsRequestFrame(c.api, version, c.args);
    const decoded = decodeRequest(frame);
    expect(decoded.header).toEqual({ apiKey: c.apiKey, apiVersion: version, correlationId: 7, clientId: 'kafkajs-golden' });
    expect(decoded.body).toMatchObject(c.expected(version));
    expect(encodeRequest(decoded.header, decoded.body)).toEqual(frame);
  });

  it.each(range(0, 7))('produce v%i: records stay the raw batch bytes kafkajs wrote', async (version) => {
    const args = {
      acks: -1,
      timeout: 30000,
      transactionalId: 'tx-1',
      topicData: [{ topic: 'orders', partitions: [{ partition: 1, messages: [{ key: 'k', value: 'v', timestamp: 1_700_000_000_000 }] }] }],
    };
    const frame = await kafkajsRequestFrame('produce', version, args);
    const decoded = decodeRequest(frame);
    if (decoded.apiKey !== 0) throw new Error('expected a produce request');
    const { body } = decoded;
    expect(body).toMatchObject({ transactionalId: version >= 3 ? 'tx-1' : null, acks: -1, timeoutMs: 30000 });
    const records = body.topicData[0]?.partitionData[0]?.records;
    expect(body.topicData[0]?.name).toBe('orders');
    expect(records).toBeInstanceOf(Buffer);
    // A view into the frame (no copy): its last bytes are the frame's last bytes.
    expect(records?.buffer).toBe(frame.buffer);
    expect(frame.subarray(frame.length - (records?.length ?? 0))).toEqual(records);
    if (version >= 3) expect(records?.readInt8(16)).toBe(2);
    expect(encodeRequest(decoded.header, body)).toEqual(frame);
  });

  it('record batch helper builds magic-2 batches', async () => {
    expect((await kafkajsRecordBatch(['a'])).readInt8(16)).toBe(2);
  });
});
