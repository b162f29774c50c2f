import type { DescribeTopicPartitionsResponse } from '@tributary/protocol';
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

async function setup(topics: Array<[string, number]>): Promise<RawClient> {
  broker = await startLogBroker({});
  c = await RawClient.connect(broker.port);
  const create = topics.map(([name, numPartitions]) => ({ name, numPartitions, replicationFactor: -1, assignments: [], configs: [] }));
  await c.request(19, 4, { topics: create, timeoutMs: 1000, validateOnly: false });
  return c;
}

const page = (p: { topics: Array<{ name: string | null; partitions: Array<{ partitionIndex: number }> }> }) =>
  p.topics.map((t) => [t.name, t.partitions.map((x) => x.partitionIndex)]);

describe('DescribeTopicPartitions v0', () => {
  it('describes requested topics sorted by name with the ids Metadata reports; unknown names get UNKNOWN_TOPIC_OR_PARTITION', async () => {
    const c = await setup([['b', 2], ['a', 1]]);
    const res = await c.request(75, 0, { topics: [{ name: 'b' }, { name: 'nope' }, { name: 'a' }], responsePartitionLimit: 2000, cursor: null });
    expect(page(res)).toEqual([['a', [0]], ['b', [0, 1]], ['nope', []]]);
    expect(res.topics[2]).toMatchObject({ errorCode: 3, topicId: '00000000-0000-0000-0000-000000000000' });
    expect(res.topics[1]!.partitions[1]).toEqual({
      errorCode: 0, partitionIndex: 1, leaderId: 1, leaderEpoch: 0, replicaNodes: [1], isrNodes: [1],
      eligibleLeaderReplicas: [], lastKnownElr: [], offlineReplicas: [],
    });
    expect(res.nextCursor).toBeNull();
    const meta = await c.request(3, 12, { topics: null });
    const ids = Object.fromEntries(meta.topics.map((t) => [t.name, t.topicId]));
    expect(res.topics.slice(0, 2).map((t) => t.topicId)).toEqual([ids['a'], ids['b']]);
  });

  it('pages all topics by partition limit with a cursor, visiting every partition exactly once (oracle: the full listing)', async () => {
    const c = await setup([['x', 3], ['y', 2], ['z', 1]]);
    const seen: Array<[string | null, number]> = [];
    let cursor: { topicName: string; partitionIndex: number } | null = null;
    for (let i = 0; i < 10; i++) {
      const res: DescribeTopicPartitionsResponse = await c.request(75, 0, { topics: [], responsePartitionLimit: 2, cursor });
      for (const t of res.topics) for (const p of t.partitions) seen.push([t.name, p.partitionIndex]);
      cursor = res.nextCursor;
      if (cursor === null) break;
    }
    expect(seen).toEqual([['x', 0], ['x', 1], ['x', 2], ['y', 0], ['y', 1], ['z', 0]]);
  });
});
