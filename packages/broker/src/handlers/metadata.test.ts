import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../testing/raw-client.test-helper.js';
import { startLogBroker } from '../testing/test-broker.test-helper.js';

const ZERO = '00000000-0000-0000-0000-000000000000';
let broker: Awaited<ReturnType<typeof startLogBroker>> | undefined;
let c: RawClient | undefined;
afterEach(async () => {
  c?.close();
  await broker?.close();
  broker = undefined;
});

async function setup(): Promise<RawClient> {
  broker = await startLogBroker({ numPartitions: 2 });
  c = await RawClient.connect(broker.port);
  await c.request(19, 4, { topics: [{ name: 'ids', numPartitions: 2, replicationFactor: -1, assignments: [], configs: [] }], timeoutMs: 1000, validateOnly: false });
  return c;
}

describe('Metadata v9-12 (topic ids)', () => {
  it('returns the same non-zero topic id in every version from v10, by name and for all topics', async () => {
    const c = await setup();
    const ids = new Set<string>();
    for (const v of [10, 11, 12]) {
      const byName = await c.request(3, v, { topics: [{ topicId: ZERO, name: 'ids' }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
      const all = await c.request(3, v, { topics: null, includeTopicAuthorizedOperations: false });
      expect(byName.topics[0]).toMatchObject({ name: 'ids', errorCode: 0 });
      expect(all.topics.map((t) => [t.name, t.topicId])).toEqual([['ids', byName.topics[0]!.topicId]]);
      ids.add(byName.topics[0]!.topicId);
    }
    expect([...ids]).toHaveLength(1);
    expect([...ids][0]).not.toBe(ZERO);
    const v9 = await c.request(3, 9, { topics: [{ name: 'ids' }], allowAutoTopicCreation: false });
    expect(v9.topics[0]!.partitions.map((p) => p.partitionIndex)).toEqual([0, 1]);
  });

  it('v12 looks topics up by id (UNKNOWN_TOPIC_ID with a null name when unknown); v10-11 refuse ids as Kafka does', async () => {
    const c = await setup();
    const id = (await c.request(3, 12, { topics: null })).topics[0]!.topicId;
    const found = await c.request(3, 12, { topics: [{ topicId: id, name: null }] });
    expect(found.topics[0]).toMatchObject({ errorCode: 0, name: 'ids', topicId: id });
    const unknown = 'a7b1c2d3-0000-4000-8000-000000000001';
    const missing = await c.request(3, 12, { topics: [{ topicId: unknown, name: null }] });
    expect(missing.topics[0]).toMatchObject({ errorCode: 100, name: null, topicId: unknown, partitions: [] });
    const old = await c.request(3, 11, { topics: [{ topicId: id, name: 'ids' }] });
    expect(old.topics[0]).toMatchObject({ errorCode: 42, topicId: ZERO });
  });

  it('keeps the id across a broker restart on the same data', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trib-meta-ids-'));
    try {
      broker = await startLogBroker({ logDir: dir });
      c = await RawClient.connect(broker.port);
      await c.request(19, 4, { topics: [{ name: 'kept', numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }], timeoutMs: 1000, validateOnly: false });
      const before = (await c.request(3, 12, { topics: null })).topics[0]!.topicId;
      c.close();
      await broker.close();
      broker = await startLogBroker({ logDir: dir });
      c = await RawClient.connect(broker.port);
      expect((await c.request(3, 12, { topics: null })).topics[0]!.topicId).toBe(before);
    } finally {
      c?.close();
      await broker?.close();
      broker = undefined;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
