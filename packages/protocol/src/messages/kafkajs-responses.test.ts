import { describe, expect, it } from 'vitest';
import { apiSchemas, type ApiKeyNumber } from '../schema/api-registry.js';
import { encodeMessage } from '../schema/message-codec.js';
import { kafkajsRecordBatch, kafkajsResponse, range } from './fixtures/kafkajs.test-helper.js';
import { sampleResponses } from './fixtures/sample-responses.test-helper.js';

// A real client must read what our encoder writes: kafkajs 2.2.4's own response decoders run over
// our response bodies for every version kafkajs implements, and must see the values we put in.

const meta = Buffer.from([0, 1, 0, 0, 0, 1, 0, 6, 111, 114, 100, 101, 114, 115]);

interface ResponseCase {
  readonly api: string;
  readonly apiKey: keyof typeof sampleResponses;
  readonly versions: readonly number[];
  readonly expected: (version: number) => Record<string, unknown>;
}

const cases: ResponseCase[] = [
  {
    api: 'apiVersions',
    apiKey: 18,
    versions: range(0, 2),
    expected: () => ({ errorCode: 0, apiVersions: [{ apiKey: 0, minVersion: 0, maxVersion: 8 }, { apiKey: 18, minVersion: 0, maxVersion: 4 }] }),
  },
  {
    api: 'metadata',
    apiKey: 3,
    versions: range(0, 6),
    expected: () => ({
      brokers: [{ nodeId: 1, host: '127.0.0.1', port: 19092 }],
      topicMetadata: [{ topicErrorCode: 0, topic: 'orders', partitionMetadata: [{ partitionErrorCode: 0, partitionId: 0, leader: 1, replicas: [1], isr: [1] }] }],
    }),
  },
  {
    api: 'produce',
    apiKey: 0,
    versions: range(0, 7),
    // kafkajs names the v0-2 field `offset`, v3+ `baseOffset`.
    expected: (v) => ({ topics: [{ topicName: 'orders', partitions: [{ partition: 1, errorCode: 0, [v >= 3 ? 'baseOffset' : 'offset']: '41' }] }] }),
  },
  {
    api: 'listOffsets',
    apiKey: 2,
    versions: range(0, 3),
    expected: (v) => ({ responses: [{ topic: 'orders', partitions: [v === 0 ? { partition: 0, errorCode: 0, offsets: ['77'] } : { partition: 0, errorCode: 0, offset: '77' }] }] }),
  },
  { api: 'offsetCommit', apiKey: 8, versions: range(0, 5), expected: () => ({ responses: [{ topic: 'orders', partitions: [{ partition: 1, errorCode: 0 }] }] }) },
  {
    api: 'offsetFetch',
    apiKey: 9,
    versions: range(1, 4),
    expected: () => ({ responses: [{ topic: 'orders', partitions: [{ partition: 0, offset: '12', metadata: '', errorCode: 0 }] }] }),
  },
  { api: 'findCoordinator', apiKey: 10, versions: range(0, 2), expected: () => ({ errorCode: 0, coordinator: { nodeId: 1, host: '127.0.0.1', port: 19092 } }) },
  {
    api: 'joinGroup',
    apiKey: 11,
    versions: range(0, 5),
    expected: () => ({ errorCode: 0, generationId: 2, groupProtocol: 'RoundRobinAssigner', leaderId: 'm-1', memberId: 'm-1', members: [{ memberId: 'm-1', memberMetadata: meta }] }),
  },
  { api: 'heartbeat', apiKey: 12, versions: range(0, 3), expected: () => ({ errorCode: 27 }) },
  { api: 'leaveGroup', apiKey: 13, versions: range(0, 3), expected: (v) => (v >= 3 ? { errorCode: 0, members: [{ memberId: 'm-1', errorCode: 0 }] } : { errorCode: 0 }) },
  { api: 'syncGroup', apiKey: 14, versions: range(0, 3), expected: () => ({ errorCode: 0, memberAssignment: meta }) },
  {
    api: 'describeGroups',
    apiKey: 15,
    versions: range(0, 2),
    expected: () => ({
      groups: [{ errorCode: 0, groupId: 'g1', state: 'Stable', protocolType: 'consumer', protocol: 'RoundRobinAssigner', members: [{ memberId: 'm-1', clientId: 'c', clientHost: '/127.0.0.1', memberMetadata: meta, memberAssignment: meta }] }],
    }),
  },
  { api: 'listGroups', apiKey: 16, versions: range(0, 2), expected: () => ({ errorCode: 0, groups: [{ groupId: 'g1', protocolType: 'consumer' }] }) },
  { api: 'saslHandshake', apiKey: 17, versions: range(0, 1), expected: () => ({ errorCode: 0, enabledMechanisms: ['PLAIN', 'SCRAM-SHA-256'] }) },
  {
    api: 'createTopics',
    apiKey: 19,
    versions: range(0, 3),
    expected: (v) => ({ topicErrors: [{ topic: 'orders', errorCode: 36, ...(v >= 1 ? { errorMessage: 'Topic already exists' } : {}) }] }),
  },
  { api: 'deleteTopics', apiKey: 20, versions: range(0, 1), expected: () => ({ topicErrors: [{ topic: 'orders', errorCode: 0 }] }) },
  { api: 'deleteRecords', apiKey: 21, versions: range(0, 1), expected: () => ({ topics: [{ topic: 'orders', partitions: [{ partition: 0, lowWatermark: 17n, errorCode: 0 }] }] }) },
  { api: 'initProducerId', apiKey: 22, versions: range(0, 1), expected: () => ({ errorCode: 0, producerId: '1000', producerEpoch: 3 }) },
  { api: 'addPartitionsToTxn', apiKey: 24, versions: range(0, 1), expected: () => ({ errors: [{ topic: 'orders', partitionErrors: [{ partition: 0, errorCode: 0 }] }] }) },
  { api: 'addOffsetsToTxn', apiKey: 25, versions: range(0, 1), expected: () => ({ errorCode: 0 }) },
  { api: 'endTxn', apiKey: 26, versions: range(0, 1), expected: () => ({ errorCode: 0 }) },
  { api: 'txnOffsetCommit', apiKey: 28, versions: range(0, 1), expected: () => ({ topics: [{ topic: 'orders', partitions: [{ partition: 0, errorCode: 0 }] }] }) },
  {
    api: 'describeConfigs',
    apiKey: 32,
    versions: range(0, 2),
    expected: () => ({ resources: [{ errorCode: 0, resourceType: 2, resourceName: 'orders', configEntries: [{ configName: 'retention.ms', configValue: '604800000', readOnly: false, isSensitive: false }] }] }),
  },
  { api: 'alterConfigs', apiKey: 33, versions: range(0, 1), expected: () => ({ resources: [{ errorCode: 0, resourceType: 2, resourceName: 'orders' }] }) },
  { api: 'saslAuthenticate', apiKey: 36, versions: range(0, 1), expected: () => ({ errorCode: 0, errorMessage: null }) },
  { api: 'createPartitions', apiKey: 37, versions: range(0, 1), expected: () => ({ topicErrors: [{ topic: 'orders', errorCode: 0 }] }) },
  { api: 'deleteGroups', apiKey: 42, versions: range(0, 1), expected: () => ({ results: [{ groupId: 'g1', errorCode: 0 }] }) },
];

function body(apiKey: ApiKeyNumber, version: number, value: unknown): Buffer {
  const api = apiSchemas[apiKey];
  if (api === undefined) throw new Error(`no schema for ${apiKey}`);
  return encodeMessage(api.response, version, value as never);
}

describe('kafkajs 2.2.4 decodes our responses', () => {
  const all = cases.flatMap((c) => c.versions.map((v) => [`${c.api} v${v}`, c, v] as const));

  it.each(all)('%s', async (_label, c, version) => {
    const decoded = await kafkajsResponse(c.api, version).decode(body(c.apiKey, version, sampleResponses[c.apiKey]));
    expect(decoded).toMatchObject(c.expected(version));
  });

  it.each(range(0, 11))('fetch v%i: kafkajs reads partition state and the records we pass through', async (version) => {
    const records = version >= 4 ? await kafkajsRecordBatch(['hello', 'world']) : Buffer.alloc(0);
    const response = {
      throttleTimeMs: 0,
      errorCode: 0,
      sessionId: 0,
      responses: [
        {
          topic: 'orders',
          partitions: [
            { partitionIndex: 2, errorCode: 0, highWatermark: 2, lastStableOffset: 2, logStartOffset: 0, abortedTransactions: null, preferredReadReplica: -1, records },
          ],
        },
      ],
    };
    const decoded = (await kafkajsResponse('fetch', version).decode(body(1, version, response))) as {
      responses: { topicName: string; partitions: { partition: number; errorCode: number; highWatermark: string; messages: { value: Buffer }[] }[] }[];
    };
    const partition = decoded.responses[0]?.partitions[0];
    expect(decoded.responses[0]?.topicName).toBe('orders');
    expect(partition).toMatchObject({ partition: 2, errorCode: 0, highWatermark: '2' });
    expect(partition?.messages.map((m) => m.value.toString())).toEqual(version >= 4 ? ['hello', 'world'] : []);
  });
});
