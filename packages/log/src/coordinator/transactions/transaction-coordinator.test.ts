import { describe, expect, it } from 'vitest';
import { flush } from '../groups/group-test-kit.test-helper.js';
import { makeTxnWorld } from './txn-test-kit.test-helper.js';

const code = (c: string) => expect.objectContaining({ code: c });
const t0 = [{ name: 't', partitions: [0] }];

describe('InitProducerId', () => {
  it('idempotent producers get fresh ids at epoch 0 from a durable counter', async () => {
    const w = await makeTxnWorld();
    const a = await w.txns.initProducerId({ transactionalId: null, transactionTimeoutMs: 0 });
    const b = await w.txns.initProducerId({ transactionalId: null, transactionTimeoutMs: 0 });
    expect(a).toEqual({ producerId: 0, producerEpoch: 0 });
    expect(b.producerId).toBe(1);
    w.close();
    const again = await makeTxnWorld(w.log, w.scheduler);
    expect((await again.txns.initProducerId({ transactionalId: null, transactionTimeoutMs: 0 })).producerId).toBeGreaterThan(1);
    again.close();
  });

  it('validates the timeout and the id', async () => {
    const w = await makeTxnWorld();
    await expect(w.txns.initProducerId({ transactionalId: 'x', transactionTimeoutMs: 900_001 })).rejects.toEqual(code('INVALID_TRANSACTION_TIMEOUT'));
    await expect(w.txns.initProducerId({ transactionalId: '', transactionTimeoutMs: 1000 })).rejects.toEqual(code('INVALID_REQUEST'));
    w.close();
  });

  it('new id → epoch 0; again → epoch+1 with the same producer id; Ongoing → fenced abort + CONCURRENT_TRANSACTIONS', async () => {
    const w = await makeTxnWorld();
    const first = await w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 });
    expect(first.producerEpoch).toBe(0);
    const second = await w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 });
    expect(second).toEqual({ producerId: first.producerId, producerEpoch: 1 });
    await w.txns.addPartitionsToTxn({ transactionalId: 'tx', ...second, topics: t0 });
    w.partitions.produce('t', 0, second.producerId, 1, 0, 2);
    await expect(w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 })).rejects.toEqual(code('CONCURRENT_TRANSACTIONS'));
    expect(w.txns.describe('tx')).toMatchObject({ state: 'CompleteAbort', producerEpoch: 2 });
    expect(w.partitions.part('t', 0).markers).toEqual([`abort:${first.producerId}:2`]);
    expect(w.partitions.lso('t', 0)).toBe(3);
    const retried = await w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 });
    expect(retried.producerEpoch).toBe(3);
    // The fenced instance can no longer act.
    await expect(w.txns.addPartitionsToTxn({ transactionalId: 'tx', ...second, topics: t0 })).rejects.toEqual(code('PRODUCER_FENCED'));
    await expect(
      w.txns.endTxn({ transactionalId: 'tx', ...second, committed: true, producerFencedSupported: false }),
    ).rejects.toEqual(code('INVALID_PRODUCER_EPOCH'));
    w.close();
  });

  it('KIP-360: the current id/epoch bumps, a retry of the last bump answers the same, anything else is fenced', async () => {
    const w = await makeTxnWorld();
    const a = await w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 });
    const b = await w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000, ...a });
    expect(b.producerEpoch).toBe(1);
    expect(await w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000, ...a })).toEqual(b);
    await expect(
      w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000, producerId: 12345, producerEpoch: 0 }),
    ).rejects.toEqual(code('PRODUCER_FENCED'));
    await w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000, ...b });
    await expect(
      w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000, ...a, producerFencedSupported: false }),
    ).rejects.toEqual(code('INVALID_PRODUCER_EPOCH'));
    w.close();
  });

  it('Prepare* answers CONCURRENT_TRANSACTIONS (markers not yet written)', async () => {
    const w = await makeTxnWorld();
    const p = await w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 });
    await w.txns.addPartitionsToTxn({ transactionalId: 'tx', ...p, topics: t0 });
    w.partitions.failWrites = true;
    await expect(w.txns.endTxn({ transactionalId: 'tx', ...p, committed: true })).rejects.toEqual(code('COORDINATOR_NOT_AVAILABLE'));
    expect(w.txns.describe('tx')!.state).toBe('PrepareCommit');
    await expect(w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 })).rejects.toEqual(code('CONCURRENT_TRANSACTIONS'));
    await expect(w.txns.endTxn({ transactionalId: 'tx', ...p, committed: true })).rejects.toEqual(code('CONCURRENT_TRANSACTIONS'));
    await expect(w.txns.endTxn({ transactionalId: 'tx', ...p, committed: false })).rejects.toEqual(code('INVALID_TXN_STATE'));
    await expect(w.txns.addPartitionsToTxn({ transactionalId: 'tx', ...p, topics: t0 })).rejects.toEqual(code('CONCURRENT_TRANSACTIONS'));
    w.partitions.failWrites = false;
    w.scheduler.advance(10_000); // the periodic check rewrites the markers
    await flush();
    expect(w.txns.describe('tx')!.state).toBe('CompleteCommit');
    expect(w.partitions.part('t', 0).markers).toEqual([`commit:${p.producerId}:0`]);
    w.close();
  });

  it('rotates to a new producer id when the epoch is exhausted', async () => {
    const w = await makeTxnWorld();
    let p = await w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 });
    const firstPid = p.producerId;
    // Walk the epoch up to the last usable value.
    for (let i = 0; i < 32766; i++) p = await w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 });
    expect(p).toEqual({ producerId: firstPid, producerEpoch: 32766 });
    p = await w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 });
    expect(p.producerId).not.toBe(firstPid);
    expect(p.producerEpoch).toBe(0);
    w.close();
  }, 20_000);
});

describe('AddPartitionsToTxn / AddOffsetsToTxn / EndTxn', () => {
  it('commits: markers on every partition, group offsets become visible, retried EndTxn succeeds, mismatched fails', async () => {
    const w = await makeTxnWorld();
    const p = await w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 });
    const added = await w.txns.addPartitionsToTxn({ transactionalId: 'tx', ...p, topics: [{ name: 't', partitions: [0, 1] }] });
    expect(added).toEqual([{ name: 't', partitions: [{ partitionIndex: 0, error: 'NONE' }, { partitionIndex: 1, error: 'NONE' }] }]);
    await w.txns.addOffsetsToTxn({ transactionalId: 'tx', ...p, groupId: 'app' });
    expect(w.txns.describe('tx')).toMatchObject({ state: 'Ongoing', groups: ['app'] });
    w.partitions.produce('t', 0, p.producerId, 0, 0, 3);
    await w.groups.txnOffsetCommit({
      transactionalId: 'tx', ...p, groupId: 'app', generationId: -1, memberId: '',
      topics: [{ name: 'in', partitions: [{ partitionIndex: 0, committedOffset: 50 }] }],
    });
    expect(w.partitions.lso('t', 0)).toBe(0);
    await w.txns.endTxn({ transactionalId: 'tx', ...p, committed: true });
    expect(w.partitions.part('t', 0).markers).toEqual([`commit:${p.producerId}:0`]);
    expect(w.partitions.part('t', 1).markers).toEqual([`commit:${p.producerId}:0`]);
    expect(w.partitions.lso('t', 0)).toBe(4);
    const fetched = await w.groups.offsetFetch({ groupId: 'app', topics: null, requireStable: true });
    expect(fetched.topics[0]!.partitions[0]).toMatchObject({ committedOffset: 50, error: 'NONE' });
    await w.txns.endTxn({ transactionalId: 'tx', ...p, committed: true });
    await expect(w.txns.endTxn({ transactionalId: 'tx', ...p, committed: false })).rejects.toEqual(code('INVALID_TXN_STATE'));
    w.close();
  });

  it('aborts: ABORT markers, the aborted range is indexed, pending offsets are discarded', async () => {
    const w = await makeTxnWorld();
    const p = await w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 });
    await w.txns.addPartitionsToTxn({ transactionalId: 'tx', ...p, topics: t0 });
    await w.txns.addOffsetsToTxn({ transactionalId: 'tx', ...p, groupId: 'app' });
    w.partitions.produce('t', 0, p.producerId, 0, 0, 2);
    await w.groups.txnOffsetCommit({
      transactionalId: 'tx', ...p, groupId: 'app', generationId: -1, memberId: '',
      topics: [{ name: 'in', partitions: [{ partitionIndex: 0, committedOffset: 50 }] }],
    });
    await w.txns.endTxn({ transactionalId: 'tx', ...p, committed: false });
    expect(w.partitions.part('t', 0).state.abortedTransactions(0, 3)).toEqual([{ producerId: p.producerId, firstOffset: 0 }]);
    const fetched = await w.groups.offsetFetch({ groupId: 'app', topics: [{ name: 'in', partitionIndexes: [0] }], requireStable: true });
    expect(fetched.topics[0]!.partitions[0]).toMatchObject({ committedOffset: -1, error: 'NONE' });
    await expect(w.txns.endTxn({ transactionalId: 'tx', ...p, committed: true })).rejects.toEqual(code('INVALID_TXN_STATE'));
    w.close();
  });

  it('reports mapping, fencing, empty-transaction and unknown-partition errors', async () => {
    const w = await makeTxnWorld();
    const p = await w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 });
    await expect(w.txns.endTxn({ transactionalId: 'tx', ...p, committed: true })).rejects.toEqual(code('INVALID_TXN_STATE'));
    await expect(w.txns.addPartitionsToTxn({ transactionalId: 'nope', ...p, topics: t0 })).rejects.toEqual(code('INVALID_PRODUCER_ID_MAPPING'));
    await expect(w.txns.addPartitionsToTxn({ transactionalId: 'tx', producerId: p.producerId + 1, producerEpoch: 0, topics: t0 })).rejects.toEqual(
      code('INVALID_PRODUCER_ID_MAPPING'),
    );
    await expect(w.txns.addOffsetsToTxn({ transactionalId: 'tx', producerId: p.producerId, producerEpoch: 5, groupId: 'g' })).rejects.toEqual(
      code('PRODUCER_FENCED'),
    );
    const res = await w.txns.addPartitionsToTxn({ transactionalId: 'tx', ...p, topics: [{ name: 't', partitions: [0] }, { name: 'missing', partitions: [0] }] });
    expect(res.map((t) => t.partitions[0]!.error)).toEqual(['OPERATION_NOT_ATTEMPTED', 'UNKNOWN_TOPIC_OR_PARTITION']);
    expect(w.txns.describe('tx')!.state).toBe('Empty');
    w.close();
  });

  it('times out an Ongoing transaction: abort with an epoch bump after the check interval', async () => {
    const w = await makeTxnWorld();
    const p = await w.txns.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 15_000 });
    await w.txns.addPartitionsToTxn({ transactionalId: 'tx', ...p, topics: t0 });
    w.scheduler.advance(10_000);
    await flush();
    expect(w.txns.describe('tx')!.state).toBe('Ongoing');
    w.scheduler.advance(10_000);
    await flush();
    expect(w.txns.describe('tx')).toMatchObject({ state: 'CompleteAbort', producerEpoch: 1 });
    expect(w.partitions.part('t', 0).markers).toEqual([`abort:${p.producerId}:1`]);
    await expect(w.txns.endTxn({ transactionalId: 'tx', ...p, committed: false })).rejects.toEqual(code('PRODUCER_FENCED'));
    w.close();
  });
});

describe('restart over the same __transaction_state', () => {
  it('restores states, finishes Prepare* transactions and keeps Ongoing ones to time out', async () => {
    const w = await makeTxnWorld();
    const a = await w.txns.initProducerId({ transactionalId: 'a', transactionTimeoutMs: 60_000 });
    const b = await w.txns.initProducerId({ transactionalId: 'b', transactionTimeoutMs: 60_000 });
    const c = await w.txns.initProducerId({ transactionalId: 'c', transactionTimeoutMs: 30_000 });
    for (const [id, p] of [['a', a], ['b', b], ['c', c]] as const) {
      await w.txns.addPartitionsToTxn({ transactionalId: id, ...p, topics: t0 });
    }
    await w.txns.addOffsetsToTxn({ transactionalId: 'b', ...b, groupId: 'app' });
    await w.groups.txnOffsetCommit({
      transactionalId: 'b', ...b, groupId: 'app', generationId: -1, memberId: '',
      topics: [{ name: 'in', partitions: [{ partitionIndex: 0, committedOffset: 7 }] }],
    });
    await w.txns.endTxn({ transactionalId: 'a', ...a, committed: true });
    w.partitions.failWrites = true;
    await expect(w.txns.endTxn({ transactionalId: 'b', ...b, committed: true })).rejects.toBeTruthy();
    w.partitions.failWrites = false;
    w.close();

    const r = await makeTxnWorld(w.log, w.scheduler, w.partitions);
    expect(r.txns.describe('a')).toMatchObject({ state: 'CompleteCommit', producerId: a.producerId });
    expect(r.txns.describe('b')).toMatchObject({ state: 'CompleteCommit' });
    expect(r.partitions.part('t', 0).markers).toEqual([`commit:${a.producerId}:0`, `commit:${b.producerId}:0`]);
    const fetched = await r.groups.offsetFetch({ groupId: 'app', topics: null, requireStable: true });
    expect(fetched.topics[0]!.partitions[0]).toMatchObject({ committedOffset: 7, error: 'NONE' });
    expect(r.txns.describe('c')!.state).toBe('Ongoing');
    r.scheduler.advance(30_000);
    await flush();
    expect(r.txns.describe('c')).toMatchObject({ state: 'CompleteAbort', producerEpoch: 1 });
    const next = await r.txns.initProducerId({ transactionalId: 'a', transactionTimeoutMs: 60_000 });
    expect(next).toEqual({ producerId: a.producerId, producerEpoch: 1 });
    r.close();
  });
});
