import { describe, expect, it } from 'vitest';
import { InMemoryInternalLog } from '../internal-log.js';
import { ManualScheduler } from '../scheduler.js';
import { flush, join, joinReq, makeCoordinator } from './group-test-kit.test-helper.js';
import type { GroupCoordinator } from './group-coordinator.js';

const code = (c: string) => expect.objectContaining({ code: c });
const topics = (offset: number, metadata: string | null = 'meta') => [
  { name: 't', partitions: [{ partitionIndex: 0, committedOffset: offset, committedMetadata: metadata }] },
];
const fetchT0 = async (gc: GroupCoordinator, groupId = 'g', requireStable = false) =>
  (await gc.offsetFetch({ groupId, topics: [{ name: 't', partitionIndexes: [0] }], requireStable })).topics[0]!.partitions[0]!;

describe('OffsetCommit / OffsetFetch', () => {
  it('a simple commit (generation -1) creates an Empty group; fetch returns offset and metadata, -1 when unknown', async () => {
    const { gc } = makeCoordinator();
    const res = await gc.offsetCommit({ groupId: 's', generationId: -1, memberId: '', topics: topics(42) });
    expect(res).toEqual([{ name: 't', partitions: [{ partitionIndex: 0, error: 'NONE' }] }]);
    expect(await fetchT0(gc, 's')).toMatchObject({ committedOffset: 42, metadata: 'meta', error: 'NONE' });
    const other = await gc.offsetFetch({ groupId: 's', topics: [{ name: 't', partitionIndexes: [1] }, { name: 'u', partitionIndexes: [0] }] });
    expect(other.topics.map((t) => t.partitions[0]!.committedOffset)).toEqual([-1, -1]);
    const all = await gc.offsetFetch({ groupId: 's', topics: null });
    expect(all.topics).toEqual([{ name: 't', partitions: [expect.objectContaining({ partitionIndex: 0, committedOffset: 42 })] }]);
    expect(gc.listGroups()).toEqual([{ groupId: 's', protocolType: '', groupState: 'Empty' }]);
    expect((await gc.offsetFetch({ groupId: 'none', topics: null })).topics).toEqual([]);
  });

  it('validates member, generation and rebalance state like ClassicGroup.validateOffsetCommit', async () => {
    const { gc } = makeCoordinator();
    await expect(gc.offsetCommit({ groupId: 'g', generationId: 3, memberId: 'm', topics: topics(1) })).rejects.toEqual(code('ILLEGAL_GENERATION'));
    const a = await join(gc);
    // CompletingRebalance: members must wait for the new assignment.
    await expect(gc.offsetCommit({ groupId: 'g', generationId: 1, memberId: a.memberId, topics: topics(1) })).rejects.toEqual(code('REBALANCE_IN_PROGRESS'));
    await gc.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [] });
    await expect(gc.offsetCommit({ groupId: 'g', generationId: -1, memberId: '', topics: topics(1) })).rejects.toEqual(code('UNKNOWN_MEMBER_ID'));
    await expect(gc.offsetCommit({ groupId: 'g', generationId: 1, memberId: 'x', topics: topics(1) })).rejects.toEqual(code('UNKNOWN_MEMBER_ID'));
    await expect(gc.offsetCommit({ groupId: 'g', generationId: 2, memberId: a.memberId, topics: topics(1) })).rejects.toEqual(code('ILLEGAL_GENERATION'));
    await gc.offsetCommit({ groupId: 'g', generationId: 1, memberId: a.memberId, topics: topics(7) });
    expect((await fetchT0(gc)).committedOffset).toBe(7);
  });

  it('rejects metadata over offset.metadata.max.bytes per partition', async () => {
    const { gc } = makeCoordinator({ offsetMetadataMaxBytes: 4 });
    const res = await gc.offsetCommit({ groupId: 's', generationId: -1, memberId: '', topics: topics(1, 'toolong') });
    expect(res[0]!.partitions[0]!.error).toBe('OFFSET_METADATA_TOO_LARGE');
    expect((await fetchT0(gc, 's')).committedOffset).toBe(-1);
  });

  it('transactional offsets stay pending (UNSTABLE_OFFSET_COMMIT with requireStable) until committed or aborted', async () => {
    const { gc } = makeCoordinator();
    await gc.offsetCommit({ groupId: 'g', generationId: -1, memberId: '', topics: topics(5) });
    const txn = { transactionalId: 'tx', producerId: 9, producerEpoch: 0, groupId: 'g', generationId: -1, memberId: '' };
    await gc.txnOffsetCommit({ ...txn, topics: topics(10) });
    expect(await fetchT0(gc, 'g', true)).toMatchObject({ error: 'UNSTABLE_OFFSET_COMMIT' });
    expect(await fetchT0(gc)).toMatchObject({ committedOffset: 5, error: 'NONE' });
    await gc.completeTransaction('g', 9, false);
    expect(await fetchT0(gc, 'g', true)).toMatchObject({ committedOffset: 5, error: 'NONE' });
    await gc.txnOffsetCommit({ ...txn, topics: topics(11) });
    await gc.completeTransaction('g', 9, true);
    expect(await fetchT0(gc, 'g', true)).toMatchObject({ committedOffset: 11, error: 'NONE' });
  });

  it('TxnOffsetCommit v3+ validates generation and member but not the rebalance phase', async () => {
    const { gc } = makeCoordinator();
    const a = await join(gc);
    const txn = { transactionalId: 'tx', producerId: 9, producerEpoch: 0, groupId: 'g', topics: topics(3) };
    await expect(gc.txnOffsetCommit({ ...txn, generationId: 0, memberId: a.memberId })).rejects.toEqual(code('ILLEGAL_GENERATION'));
    await expect(gc.txnOffsetCommit({ ...txn, generationId: 1, memberId: 'zombie' })).rejects.toEqual(code('UNKNOWN_MEMBER_ID'));
    await gc.txnOffsetCommit({ ...txn, generationId: 1, memberId: a.memberId });
    await gc.txnOffsetCommit({ ...txn, generationId: -1, memberId: '' }); // pre-v3 clients
    await gc.completeTransaction('g', 9, true);
    expect((await fetchT0(gc)).committedOffset).toBe(3);
  });
});

describe('retention, deletion', () => {
  it('offsets of an empty group expire after offsets.retention (7 days) and the group disappears', async () => {
    const { gc, scheduler } = makeCoordinator();
    await gc.start();
    const a = await join(gc);
    await gc.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [] });
    await gc.offsetCommit({ groupId: 'g', generationId: 1, memberId: a.memberId, topics: topics(1) });
    scheduler.advance(11_000); // no heartbeats: the session ends and the group becomes Empty
    await flush();
    expect(gc.describeGroups(['g'])[0]!.groupState).toBe('Empty');
    const week = 7 * 24 * 3600 * 1000;
    scheduler.advance(week - 11 * 60_000); // retention counts from when the group became empty
    await flush();
    expect((await fetchT0(gc)).committedOffset).toBe(1);
    scheduler.advance(22 * 60_000); // the next 10-minute retention check after the deadline
    await flush();
    expect((await fetchT0(gc)).committedOffset).toBe(-1);
    expect(gc.listGroups()).toEqual([]);
    gc.close();
  });

  it('DeleteGroups removes only empty groups; OffsetDelete refuses subscribed topics', async () => {
    const { gc } = makeCoordinator();
    await gc.offsetCommit({ groupId: 'simple', generationId: -1, memberId: '', topics: topics(1) });
    // ConsumerProtocolSubscription v0: int16 version, [string] topics, bytes userData
    const sub = Buffer.from([0, 0, 0, 0, 0, 1, 0, 1, 0x74, 0xff, 0xff, 0xff, 0xff]);
    const a = await join(gc, { protocols: [{ name: 'range', metadata: sub }] });
    await gc.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [] });
    await gc.offsetCommit({ groupId: 'g', generationId: 1, memberId: a.memberId, topics: [...topics(1), { name: 'u', partitions: [{ partitionIndex: 0, committedOffset: 2 }] }] });
    const del = await gc.offsetDelete('g', [{ name: 't', partitions: [0] }, { name: 'u', partitions: [0] }]);
    expect(del.map((t) => t.partitions[0]!.error)).toEqual(['GROUP_SUBSCRIBED_TO_TOPIC', 'NONE']);
    expect((await gc.offsetFetch({ groupId: 'g', topics: null })).topics.map((t) => t.name)).toEqual(['t']);
    await expect(gc.offsetDelete('nope', [])).rejects.toEqual(code('GROUP_ID_NOT_FOUND'));
    expect(await gc.deleteGroups(['g', 'simple', 'nope'])).toEqual([
      { groupId: 'g', error: 'NON_EMPTY_GROUP' },
      { groupId: 'simple', error: 'NONE' },
      { groupId: 'nope', error: 'GROUP_ID_NOT_FOUND' },
    ]);
    expect(gc.describeGroups(['simple'])[0]!.groupState).toBe('Dead');
    expect((await fetchT0(gc, 'simple')).committedOffset).toBe(-1);
  });
});

describe('restart over the same __consumer_offsets', () => {
  it('restores committed and pending offsets, generation, members and assignments', async () => {
    const log = new InMemoryInternalLog();
    const scheduler = new ManualScheduler(5_000);
    const first = makeCoordinator({}, log, scheduler).gc;
    await first.start();
    const a = await join(first, { groupInstanceId: 'i1' });
    const b = join(first);
    await first.joinGroup(joinReq(a.memberId, { groupInstanceId: 'i1' }));
    const bId = (await b).memberId;
    await first.syncGroup({
      groupId: 'g',
      generationId: 2,
      memberId: a.memberId,
      assignments: [
        { memberId: a.memberId, assignment: Buffer.from('A') },
        { memberId: bId, assignment: Buffer.from('B') },
      ],
    });
    await first.offsetCommit({ groupId: 'g', generationId: 2, memberId: bId, topics: topics(100) });
    await first.offsetCommit({ groupId: 'gone', generationId: -1, memberId: '', topics: topics(1) });
    await first.deleteGroups(['gone']);
    await first.txnOffsetCommit({ transactionalId: 'x', producerId: 4, producerEpoch: 0, groupId: 'g', generationId: -1, memberId: '', topics: [{ name: 'p', partitions: [{ partitionIndex: 0, committedOffset: 9 }] }] });
    first.close();

    const second = makeCoordinator({}, log, scheduler).gc;
    await second.start();
    const described = second.describeGroups(['g'])[0]!;
    expect(described).toMatchObject({ groupState: 'Stable', protocolData: 'range' });
    expect(described.members.map((m) => [m.memberId, m.groupInstanceId, m.memberAssignment.toString()])).toEqual([
      [a.memberId, 'i1', 'A'],
      [bId, null, 'B'],
    ]);
    expect((await fetchT0(second)).committedOffset).toBe(100);
    expect(second.listGroups().map((g) => g.groupId)).toEqual(['g']);
    await second.heartbeat({ groupId: 'g', generationId: 2, memberId: bId });
    const pending = await second.offsetFetch({ groupId: 'g', topics: [{ name: 'p', partitionIndexes: [0] }], requireStable: true });
    expect(pending.topics[0]!.partitions[0]!.error).toBe('UNSTABLE_OFFSET_COMMIT');
    await second.completeTransaction('g', 4, true);
    const third = makeCoordinator({}, log, scheduler).gc;
    await third.start();
    const applied = await third.offsetFetch({ groupId: 'g', topics: [{ name: 'p', partitionIndexes: [0] }], requireStable: true });
    expect(applied.topics[0]!.partitions[0]).toMatchObject({ committedOffset: 9, error: 'NONE' });
    // Restored members expire like any others when they never come back.
    scheduler.advance(10_001);
    await flush();
    expect(third.describeGroups(['g'])[0]!.groupState).toBe('Empty');
    second.close();
    third.close();
  });
});
