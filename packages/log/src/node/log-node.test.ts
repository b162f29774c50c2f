import { afterEach, describe, expect, it } from 'vitest';
import { BatchAttributes, decodeRecordBatch, encodeRecordBatch, iterateBatches } from '@tributary/protocol';
import { InvalidProducerEpochError, InvalidTxnStateError, OutOfOrderSequenceError } from '../coordinator/errors.js';
import { ManualScheduler } from '../coordinator/scheduler.js';
import { tempDir } from '../test-kit.test-helper.js';
import { LogNode } from './log-node.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function openNode(dir?: string): Promise<LogNode> {
  const node = await LogNode.open({
    ...(dir === undefined ? { inMemory: true } : { dir }),
    cleanerIntervalMs: 0,
    scheduler: new ManualScheduler(1_000),
    groupConfig: { initialRebalanceDelayMs: 0, offsetsTopicPartitions: 2 },
    txnConfig: { transactionStateTopicPartitions: 2 },
  });
  cleanups.push(() => node.close());
  return node;
}

function diskDir(): string {
  const t = tempDir('tributary-node-');
  cleanups.push(t.cleanup);
  return t.dir;
}

function idempotentBatch(values: string[], producerId: number, producerEpoch: number, baseSequence: number, transactional = false): Buffer {
  return encodeRecordBatch(
    values.map((v) => ({ key: null, value: Buffer.from(v), timestamp: 5_000 })),
    { producerId, producerEpoch, baseSequence, transactional },
  );
}

/** Values a read_committed consumer keeps: drops aborted producers' records and control batches (the Java consumer's rule). */
function committedValues(batches: Buffer, aborted: readonly { producerId: number; firstOffset: number }[]): string[] {
  const pending = [...aborted].sort((a, b) => a.firstOffset - b.firstOffset);
  const abortedProducers = new Set<number>();
  const out: string[] = [];
  for (const { pos, header } of iterateBatches(batches)) {
    while (pending.length > 0 && pending[0]!.firstOffset <= header.baseOffset + header.lastOffsetDelta) abortedProducers.add(pending.shift()!.producerId);
    const decoded = decodeRecordBatch(batches, pos);
    if ((header.attributes & BatchAttributes.control) !== 0) {
      if (decoded.records[0]?.key?.readInt16BE(2) === 0) abortedProducers.delete(header.producerId);
      continue;
    }
    if ((header.attributes & BatchAttributes.transactional) !== 0 && abortedProducers.has(header.producerId)) continue;
    for (const r of decoded.records) out.push(r.value!.toString());
  }
  return out;
}

describe('LogNode produce: idempotence', () => {
  it('answers a retried batch with its original offsets and writes it once', async () => {
    const node = await openNode();
    await node.log.createTopic('t');
    const { producerId, producerEpoch } = await node.transactions.initProducerId({ transactionalId: null, transactionTimeoutMs: 0 });
    expect((await node.produce('t', 0, idempotentBatch(['a', 'b'], producerId, producerEpoch, 0))).baseOffset).toBe(0);
    expect((await node.produce('t', 0, idempotentBatch(['c'], producerId, producerEpoch, 2))).baseOffset).toBe(2);
    const retry = await node.produce('t', 0, idempotentBatch(['a', 'b'], producerId, producerEpoch, 0));
    expect([retry.baseOffset, retry.lastOffset]).toEqual([0, 1]);
    expect(node.offsets('t', 0).highWatermark).toBe(3);
  });

  it('rejects sequence gaps and stale epochs without writing', async () => {
    const node = await openNode();
    await node.log.createTopic('t');
    await node.produce('t', 0, idempotentBatch(['a'], 7, 1, 0));
    await expect(node.produce('t', 0, idempotentBatch(['b'], 7, 1, 2))).rejects.toBeInstanceOf(OutOfOrderSequenceError);
    await expect(node.produce('t', 0, idempotentBatch(['b'], 7, 0, 1))).rejects.toBeInstanceOf(InvalidProducerEpochError);
    await expect(node.produce('t', 0, idempotentBatch(['b'], 7, 2, 5))).rejects.toBeInstanceOf(OutOfOrderSequenceError);
    expect(node.offsets('t', 0).highWatermark).toBe(1);
    expect((await node.produce('t', 0, idempotentBatch(['b'], 7, 1, 1))).baseOffset).toBe(1);
  });

  it('rebuilds producer state after a crash (no clean shutdown) from the stored batches', async () => {
    const dir = diskDir();
    const crashed = await LogNode.open({ dir, cleanerIntervalMs: 0, scheduler: new ManualScheduler() });
    await crashed.log.createTopic('t');
    await crashed.produce('t', 0, idempotentBatch(['a'], 9, 3, 0));
    await crashed.produce('t', 0, idempotentBatch(['b', 'c'], 9, 3, 1));
    // Opened again while the first node still runs: it recovers as after kill -9.
    const node = await openNode(dir);
    cleanups.push(() => crashed.close());
    expect((await node.produce('t', 0, idempotentBatch(['b', 'c'], 9, 3, 1))).baseOffset).toBe(1);
    await expect(node.produce('t', 0, idempotentBatch(['x'], 9, 3, 7))).rejects.toBeInstanceOf(OutOfOrderSequenceError);
    await expect(node.produce('t', 0, idempotentBatch(['x'], 9, 2, 3))).rejects.toBeInstanceOf(InvalidProducerEpochError);
    expect((await node.produce('t', 0, idempotentBatch(['d'], 9, 3, 3))).baseOffset).toBe(3);
  });
});

describe('LogNode produce/fetch: transactions', () => {
  async function begin(node: LogNode, transactionalId: string, topic: string, partition = 0) {
    const { producerId, producerEpoch } = await node.transactions.initProducerId({ transactionalId, transactionTimeoutMs: 60_000 });
    const ref = { transactionalId, producerId, producerEpoch };
    await node.transactions.addPartitionsToTxn({ ...ref, topics: [{ name: topic, partitions: [partition] }] });
    let seq = 0;
    return {
      ref,
      send: async (values: string[]) => {
        const r = await node.produce(topic, partition, idempotentBatch(values, producerId, producerEpoch, seq, true));
        seq += values.length;
        return r;
      },
      end: (committed: boolean) => node.transactions.endTxn({ ...ref, committed }),
    };
  }

  it('read_committed stops at the LSO and reports aborted transactions; markers move the LSO', async () => {
    const node = await openNode();
    await node.log.createTopic('t');
    await node.produce('t', 0, idempotentBatch(['plain'], -1, -1, -1));
    const aborted = await begin(node, 'tx-a', 't');
    const committed = await begin(node, 'tx-c', 't');
    await aborted.send(['a1']);
    await committed.send(['c1']);
    await aborted.send(['a2']);
    expect(node.offsets('t', 0)).toMatchObject({ highWatermark: 4, lastStableOffset: 1 });
    const open = await node.fetch('t', 0, 0, { isolation: 'read_committed' });
    expect(committedValues(open.batches, open.abortedTransactions!)).toEqual(['plain']);
    expect((await node.listOffset('t', 0, 'latest', 'read_committed')).offset).toBe(1);

    await aborted.end(false);
    expect(node.offsets('t', 0).lastStableOffset).toBe(2); // tx-c still open at offset 2
    await committed.end(true);
    expect(node.offsets('t', 0)).toMatchObject({ highWatermark: 6, lastStableOffset: 6 });
    const all = await node.fetch('t', 0, 0, { isolation: 'read_committed' });
    expect(all.abortedTransactions).toEqual([{ producerId: aborted.ref.producerId, firstOffset: 1 }]);
    expect(committedValues(all.batches, all.abortedTransactions!)).toEqual(['plain', 'c1']);
    const fromAfterAbort = await node.fetch('t', 0, 5, { isolation: 'read_committed' });
    expect(fromAfterAbort.abortedTransactions).toEqual([]);
    const uncommitted = await node.fetch('t', 0, 0);
    expect(uncommitted.abortedTransactions).toBeNull();
  });

  it('wakes a read_committed long poll when the commit marker lands, not on the data append', async () => {
    const node = await openNode();
    await node.log.createTopic('t');
    const txn = await begin(node, 'tx-w', 't');
    await txn.send(['x']);
    const woke = node.waitForData('t', 0, 0, 5_000, { isolation: 'read_committed' });
    let settled = false;
    void woke.then(() => (settled = true));
    await node.produce('t', 0, idempotentBatch(['y'], -1, -1, -1)).catch(() => undefined);
    expect(settled).toBe(false);
    await txn.end(true);
    expect(await woke).toBe(true);
  });

  it('refuses transactional data for partitions not added, and from fenced epochs', async () => {
    const node = await openNode();
    await node.log.createTopic('t', { partitions: 2 });
    const txn = await begin(node, 'tx-f', 't', 0);
    const { producerId, producerEpoch } = txn.ref;
    await expect(node.produce('t', 1, idempotentBatch(['x'], producerId, producerEpoch, 0, true))).rejects.toBeInstanceOf(InvalidTxnStateError);
    await txn.send(['ok']);
    // A new instance with the same id aborts the open transaction and bumps the epoch.
    await expect(node.transactions.initProducerId({ transactionalId: 'tx-f', transactionTimeoutMs: 60_000 })).rejects.toMatchObject({ code: 'CONCURRENT_TRANSACTIONS' });
    await expect(node.produce('t', 0, idempotentBatch(['zombie'], producerId, producerEpoch, 1, true))).rejects.toBeInstanceOf(InvalidProducerEpochError);
    const fetched = await node.fetch('t', 0, 0, { isolation: 'read_committed' });
    expect(committedValues(fetched.batches, fetched.abortedTransactions!)).toEqual([]);
  });

  it('keeps committed offsets, transaction states and open transactions across a reopen', async () => {
    const dir = diskDir();
    const first = await openNode(dir);
    await first.log.createTopic('t');
    await first.groups.offsetCommit({ groupId: 'g', generationId: -1, memberId: '', topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 42, committedMetadata: 'm' }] }] });
    const done = await begin(first, 'tx-done', 't');
    await done.send(['c']);
    await done.end(true);
    const open = await begin(first, 'tx-open', 't');
    await open.send(['o']);
    await first.close();

    const node = await openNode(dir);
    const fetched = await node.groups.offsetFetch({ groupId: 'g', topics: [{ name: 't', partitionIndexes: [0] }] });
    expect(fetched.topics[0]?.partitions[0]).toMatchObject({ committedOffset: 42, metadata: 'm' });
    expect(node.transactions.describe('tx-done')?.state).toBe('CompleteCommit');
    expect(node.transactions.describe('tx-open')).toMatchObject({ state: 'Ongoing', partitions: [{ topic: 't', partition: 0 }] });
    // The open transaction still holds the LSO back after the restart, until it ends.
    expect(node.offsets('t', 0)).toMatchObject({ highWatermark: 3, lastStableOffset: 2 });
    await node.transactions.endTxn({ ...open.ref, committed: false });
    const all = await node.fetch('t', 0, 0, { isolation: 'read_committed' });
    expect(committedValues(all.batches, all.abortedTransactions!)).toEqual(['c']);
  });
});
