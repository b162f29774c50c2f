import { encodeRecordBatch } from '@tributary/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../testing/raw-client.test-helper.js';
import { startLogBroker, startTestBroker } from '../testing/test-broker.test-helper.js';

let broker: { close(): Promise<void> } | undefined;
let c: RawClient | undefined;
afterEach(async () => {
  c?.close();
  await broker?.close();
  broker = undefined;
});

describe('DescribeProducers (API 61)', () => {
  it('lists idempotent and transactional producers per partition, with per-partition errors', async () => {
    const b = await startLogBroker();
    broker = b;
    c = await RawClient.connect(b.port);
    const versions = await c.request(18, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1' });
    expect(versions.apiKeys.find((k) => k.apiKey === 61)).toMatchObject({ minVersion: 0, maxVersion: 0 });
    await c.request(19, 4, { topics: [{ name: 't', numPartitions: 2, replicationFactor: -1, assignments: [], configs: [] }], timeoutMs: 1000, validateOnly: false });
    const idem = await c.request(22, 4, { transactionalId: null, transactionTimeoutMs: 60_000, producerId: -1, producerEpoch: -1 });
    const tx = await c.request(22, 4, { transactionalId: 'dp', transactionTimeoutMs: 30_000, producerId: -1, producerEpoch: -1 });
    const produce = async (partition: number, records: Buffer, transactionalId: string | null = null) =>
      (await c!.request(0, 8, { transactionalId, acks: -1, timeoutMs: 1000, topicData: [{ name: 't', partitionData: [{ index: partition, records }] }] }))
        .responses[0]!.partitionResponses[0]!;
    const rec = (n: number, ts: number) => Array.from({ length: n }, (_, i) => ({ key: null, value: Buffer.from(`v${i}`), timestamp: ts + i }));
    expect((await produce(0, encodeRecordBatch(rec(3, 1_000), { producerId: idem.producerId, producerEpoch: 0, baseSequence: 0 }))).errorCode).toBe(0);
    expect((await produce(0, encodeRecordBatch(rec(2, 5_000), { producerId: idem.producerId, producerEpoch: 0, baseSequence: 3 }))).errorCode).toBe(0);
    await c.request(24, 3, {
      v3AndBelowTransactionalId: 'dp', v3AndBelowProducerId: tx.producerId, v3AndBelowProducerEpoch: tx.producerEpoch,
      v3AndBelowTopics: [{ name: 't', partitions: [0] }],
    });
    const txOut = await produce(0, encodeRecordBatch(rec(1, 9_000), { producerId: tx.producerId, producerEpoch: tx.producerEpoch, baseSequence: 0, transactional: true }), 'dp');
    expect(txOut.errorCode).toBe(0);

    const res = await c.request(61, 0, { topics: [{ name: 't', partitionIndexes: [0, 1, 7] }, { name: 'nope', partitionIndexes: [0] }] });
    const [t, nope] = res.topics;
    expect(t!.partitions.map((p) => [p.partitionIndex, p.errorCode])).toEqual([[0, 0], [1, 0], [7, 3]]);
    expect(nope!.partitions[0]!.errorCode).toBe(3);
    expect(t!.partitions[1]!.activeProducers).toEqual([]);
    const byId = new Map(t!.partitions[0]!.activeProducers.map((p) => [p.producerId, p]));
    expect(byId.get(idem.producerId)).toEqual({
      producerId: idem.producerId, producerEpoch: 0, lastSequence: 4, lastTimestamp: 5_001, coordinatorEpoch: -1, currentTxnStartOffset: -1,
    });
    expect(byId.get(tx.producerId)).toMatchObject({ producerEpoch: tx.producerEpoch, lastSequence: 0, lastTimestamp: 9_000, currentTxnStartOffset: txOut.baseOffset });

    // After the commit marker the transaction is no longer open.
    expect((await c.request(26, 3, { transactionalId: 'dp', producerId: tx.producerId, producerEpoch: tx.producerEpoch, committed: true })).errorCode).toBe(0);
    const after = await c.request(61, 0, { topics: [{ name: 't', partitionIndexes: [0] }] });
    expect(after.topics[0]!.partitions[0]!.activeProducers.find((p) => p.producerId === tx.producerId)!.currentTxnStartOffset).toBe(-1);
  });

  it('is not advertised when the storage cannot list producers', async () => {
    const b = await startTestBroker();
    broker = b;
    c = await RawClient.connect(b.port);
    const versions = await c.request(18, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '1' });
    expect(versions.apiKeys.some((k) => k.apiKey === 61)).toBe(false);
  });
});
