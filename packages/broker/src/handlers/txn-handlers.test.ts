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

describe('transaction handlers', () => {
  it('InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn, EndTxn map coordinator outcomes to Kafka codes', async () => {
    broker = await startLogBroker({ transactionMaxTimeoutMs: 60_000 });
    c = await RawClient.connect(broker.port);
    await c.request(19, 4, { topics: [{ name: 't', numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }], timeoutMs: 1000, validateOnly: false });

    const idem1 = await c.request(22, 4, { transactionalId: null, transactionTimeoutMs: 60_000, producerId: -1, producerEpoch: -1 });
    const idem2 = await c.request(22, 1, { transactionalId: null, transactionTimeoutMs: 60_000 });
    expect(idem1).toMatchObject({ errorCode: 0, producerEpoch: 0 });
    expect(idem2.producerId).not.toBe(idem1.producerId);

    expect((await c.request(22, 4, { transactionalId: 'tx', transactionTimeoutMs: 120_000, producerId: -1, producerEpoch: -1 })).errorCode).toBe(50);
    const init = await c.request(22, 4, { transactionalId: 'tx', transactionTimeoutMs: 30_000, producerId: -1, producerEpoch: -1 });
    expect(init.errorCode).toBe(0);
    const ref = { producerId: init.producerId, producerEpoch: init.producerEpoch };

    expect((await c.request(26, 3, { transactionalId: 'tx', ...ref, committed: true })).errorCode).toBe(48);
    const add = await c.request(24, 3, {
      v3AndBelowTransactionalId: 'tx', v3AndBelowProducerId: ref.producerId, v3AndBelowProducerEpoch: ref.producerEpoch,
      v3AndBelowTopics: [{ name: 't', partitions: [0] }, { name: 'missing', partitions: [0] }],
    });
    const codes = Object.fromEntries(add.resultsByTopicV3AndBelow.map((t) => [t.name, t.resultsByPartition[0]!.partitionErrorCode]));
    expect(codes.missing).toBe(3);
    const add2 = await c.request(24, 0, {
      v3AndBelowTransactionalId: 'tx', v3AndBelowProducerId: ref.producerId, v3AndBelowProducerEpoch: ref.producerEpoch,
      v3AndBelowTopics: [{ name: 't', partitions: [0] }],
    });
    expect(add2.resultsByTopicV3AndBelow[0]!.resultsByPartition[0]!.partitionErrorCode).toBe(0);
    expect((await c.request(25, 3, { transactionalId: 'tx', ...ref, groupId: 'g' })).errorCode).toBe(0);
    expect((await c.request(26, 3, { transactionalId: 'tx', producerId: ref.producerId, producerEpoch: ref.producerEpoch - 1, committed: true })).errorCode).toBe(90);
    expect((await c.request(26, 1, { transactionalId: 'tx', producerId: ref.producerId, producerEpoch: ref.producerEpoch - 1, committed: true })).errorCode).toBe(47);
    expect((await c.request(26, 3, { transactionalId: 'tx', ...ref, committed: false })).errorCode).toBe(0);
    // The abort marker landed in the data partition.
    const offsets = await c.request(2, 5, { replicaId: -1, isolationLevel: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1 }] }] });
    expect(offsets.topics[0]!.partitions[0]!.offset).toBe(1);
  });

  it('read_committed Fetch stops at the LSO of an open transaction and lists aborted ranges; unadded partitions are refused', async () => {
    broker = await startLogBroker();
    c = await RawClient.connect(broker.port);
    await c.request(19, 4, { topics: [{ name: 't', numPartitions: 2, replicationFactor: -1, assignments: [], configs: [] }], timeoutMs: 1000, validateOnly: false });
    const { producerId, producerEpoch } = await c.request(22, 4, { transactionalId: 'rc', transactionTimeoutMs: 30_000, producerId: -1, producerEpoch: -1 });
    const txBatch = (seq: number) =>
      encodeRecordBatch([{ key: null, value: Buffer.from(`v${seq}`) }], { producerId, producerEpoch, baseSequence: seq, transactional: true });
    const produce = async (partition: number, records: Buffer) =>
      (await c!.request(0, 8, { transactionalId: 'rc', acks: -1, timeoutMs: 1000, topicData: [{ name: 't', partitionData: [{ index: partition, records }] }] })).responses[0]!.partitionResponses[0]!;
    const fetch = async (isolationLevel: number) =>
      (await c!.request(1, 11, {
        replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, isolationLevel, sessionId: 0, sessionEpoch: -1,
        topics: [{ topic: 't', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
        forgottenTopicsData: [], rackId: '',
      })).responses[0]!.partitions[0]!;
    const addPartition = () =>
      c!.request(24, 3, { v3AndBelowTransactionalId: 'rc', v3AndBelowProducerId: producerId, v3AndBelowProducerEpoch: producerEpoch, v3AndBelowTopics: [{ name: 't', partitions: [0] }] });

    await addPartition();
    expect((await produce(1, txBatch(0))).errorCode).toBe(48);
    expect((await produce(0, txBatch(0))).errorCode).toBe(0);
    const open = await fetch(1);
    expect(open).toMatchObject({ highWatermark: 1, lastStableOffset: 0, abortedTransactions: [] });
    expect(open.records?.length ?? 0).toBe(0);
    expect((await fetch(0)).abortedTransactions).toBeNull();
    expect((await c.request(26, 3, { transactionalId: 'rc', producerId, producerEpoch, committed: false })).errorCode).toBe(0);
    const aborted = await fetch(1);
    expect(aborted).toMatchObject({ highWatermark: 2, lastStableOffset: 2 });
    expect(aborted.abortedTransactions).toEqual([{ producerId, firstOffset: 0 }]);
  });
});
