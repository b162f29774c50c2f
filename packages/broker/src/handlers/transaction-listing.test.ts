import { afterEach, describe, expect, it } from 'vitest';
import type { TxnDescription } from '../backend/txn-port.js';
import { RawClient } from '../testing/raw-client.test-helper.js';
import { startLogBroker } from '../testing/test-broker.test-helper.js';
import { groupPartitionsByTopic, selectTransactions } from './transaction-states.js';

let broker: Awaited<ReturnType<typeof startLogBroker>> | undefined;
let c: RawClient | undefined;
afterEach(async () => {
  c?.close();
  await broker?.close();
  broker = undefined;
});

/** Three transactional ids in three states: Ongoing (two partitions), Empty, CompleteCommit. */
async function seed(client: RawClient) {
  await client.request(19, 4, { topics: [{ name: 't', numPartitions: 2, replicationFactor: -1, assignments: [], configs: [] }], timeoutMs: 1000, validateOnly: false });
  const init = async (id: string) => {
    const res = await client.request(22, 4, { transactionalId: id, transactionTimeoutMs: 45_000, producerId: -1, producerEpoch: -1 });
    expect(res.errorCode).toBe(0);
    return { producerId: res.producerId, producerEpoch: res.producerEpoch };
  };
  const add = async (id: string, ref: { producerId: number; producerEpoch: number }, partitions: number[]) => {
    const res = await client.request(24, 3, {
      v3AndBelowTransactionalId: id, v3AndBelowProducerId: ref.producerId, v3AndBelowProducerEpoch: ref.producerEpoch,
      v3AndBelowTopics: [{ name: 't', partitions }],
    });
    expect(res.resultsByTopicV3AndBelow[0]!.resultsByPartition.every((p) => p.partitionErrorCode === 0)).toBe(true);
  };
  const open = await init('tx-open');
  await add('tx-open', open, [1, 0]);
  const empty = await init('tx-empty');
  const done = await init('tx-done');
  await add('tx-done', done, [0]);
  expect((await client.request(26, 3, { transactionalId: 'tx-done', ...done, committed: true })).errorCode).toBe(0);
  return { open, empty, done };
}

const byId = (states: Array<{ transactionalId: string }>) => states.map((s) => s.transactionalId).sort();

describe('ListTransactions and DescribeTransactions', () => {
  it('ListTransactions reports every id with Kafka state names and applies state, producer id and duration filters', async () => {
    broker = await startLogBroker();
    c = await RawClient.connect(broker.port);
    const { open, empty } = await seed(c);

    const all = await c.request(66, 0, { stateFilters: [], producerIdFilters: [] });
    expect(all.errorCode).toBe(0);
    expect(all.unknownStateFilters).toEqual([]);
    expect([...all.transactionStates].sort((a, b) => a.transactionalId.localeCompare(b.transactionalId))).toEqual([
      { transactionalId: 'tx-done', producerId: expect.any(Number), transactionState: 'CompleteCommit' },
      { transactionalId: 'tx-empty', producerId: empty.producerId, transactionState: 'Empty' },
      { transactionalId: 'tx-open', producerId: open.producerId, transactionState: 'Ongoing' },
    ]);

    const ongoing = await c.request(66, 1, { stateFilters: ['Ongoing', 'Bogus'], producerIdFilters: [], durationFilter: -1 });
    expect(byId(ongoing.transactionStates)).toEqual(['tx-open']);
    expect(ongoing.unknownStateFilters).toEqual(['Bogus']);
    // State names are case-sensitive, and a filter of only unknown names matches nothing (as in Kafka).
    const unknownOnly = await c.request(66, 0, { stateFilters: ['ongoing'], producerIdFilters: [] });
    expect(unknownOnly).toMatchObject({ errorCode: 0, unknownStateFilters: ['ongoing'], transactionStates: [] });

    const byProducer = await c.request(66, 0, { stateFilters: [], producerIdFilters: [empty.producerId, 987654321] });
    expect(byId(byProducer.transactionStates)).toEqual(['tx-empty']);
    const both = await c.request(66, 0, { stateFilters: ['Ongoing'], producerIdFilters: [empty.producerId] });
    expect(both.transactionStates).toEqual([]);

    // v1 DurationFilter: the open transaction started moments ago, so it is not older than an hour.
    const old = await c.request(66, 1, { stateFilters: ['Ongoing'], producerIdFilters: [], durationFilter: 3_600_000 });
    expect(old.transactionStates).toEqual([]);
  });

  it('DescribeTransactions describes known ids and answers TRANSACTIONAL_ID_NOT_FOUND / INVALID_REQUEST per id', async () => {
    broker = await startLogBroker();
    c = await RawClient.connect(broker.port);
    const before = Date.now();
    const { open, empty } = await seed(c);

    const res = await c.request(65, 0, { transactionalIds: ['tx-open', 'no-such-id', '', 'tx-empty'] });
    expect(res.transactionStates.map((s) => [s.transactionalId, s.errorCode])).toEqual([
      ['tx-open', 0], ['no-such-id', 105], ['', 42], ['tx-empty', 0],
    ]);
    const [ongoing, missing, , idle] = res.transactionStates;
    expect(ongoing).toMatchObject({
      transactionState: 'Ongoing', transactionTimeoutMs: 45_000, producerId: open.producerId, producerEpoch: open.producerEpoch,
      topics: [{ topic: 't', partitions: [0, 1] }],
    });
    expect(ongoing!.transactionStartTimeMs).toBeGreaterThanOrEqual(before);
    expect(ongoing!.transactionStartTimeMs).toBeLessThanOrEqual(Date.now());
    expect(missing).toMatchObject({ transactionState: '', producerId: 0, topics: [] });
    expect(idle).toMatchObject({ transactionState: 'Empty', producerId: empty.producerId, transactionStartTimeMs: -1, topics: [] });
  });

  it('ApiVersions advertises DescribeTransactions v0 and ListTransactions v0-1', async () => {
    broker = await startLogBroker();
    c = await RawClient.connect(broker.port);
    const res = await c.request(18, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1' });
    const ranges = Object.fromEntries(res.apiKeys.map((k) => [k.apiKey, [k.minVersion, k.maxVersion]]));
    expect(ranges[65]).toEqual([0, 0]);
    expect(ranges[66]).toEqual([0, 1]);
  });
});

describe('selectTransactions (Kafka listTransactionStates rules)', () => {
  const txn = (transactionalId: string, state: string, producerId: number, txnStartTimestamp: number): TxnDescription =>
    ({ transactionalId, producerId, producerEpoch: 0, state, timeoutMs: 60_000, txnStartTimestamp, partitions: [] });
  const all = [txn('a', 'Ongoing', 1, 1_000), txn('b', 'Ongoing', 2, 1_500), txn('c', 'Dead', 3, 500), txn('d', 'Empty', 4, -1)];
  const pick = (filters: Partial<Parameters<typeof selectTransactions>[1]>, now = 2_000) =>
    selectTransactions(all, { stateFilters: [], producerIdFilters: [], durationFilterMs: -1, ...filters }, now).transactions.map((t) => t.transactionalId);

  it('never lists Dead ids', () => {
    expect(pick({})).toEqual(['a', 'b', 'd']);
    expect(pick({ stateFilters: ['Dead'] })).toEqual([]);
  });

  it('keeps only transactions running strictly longer than the duration filter', () => {
    expect(pick({ stateFilters: ['Ongoing'], durationFilterMs: 1_000 })).toEqual([]);
    expect(pick({ stateFilters: ['Ongoing'], durationFilterMs: 999 })).toEqual(['a']);
    expect(pick({ stateFilters: ['Ongoing'], durationFilterMs: 0 })).toEqual(['a', 'b']);
  });

  it('reports unknown state names and groups partitions by topic', () => {
    const r = selectTransactions(all, { stateFilters: ['Ongoing', 'Nope', 'empty'], producerIdFilters: [], durationFilterMs: -1 }, 0);
    expect(r.unknownStateFilters).toEqual(['Nope', 'empty']);
    expect(groupPartitionsByTopic([{ topic: 'y', partition: 2 }, { topic: 'x', partition: 1 }, { topic: 'y', partition: 0 }]))
      .toEqual([{ topic: 'x', partitions: [1] }, { topic: 'y', partitions: [0, 2] }]);
  });
});
