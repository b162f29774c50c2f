import { describe, expect, it } from 'vitest';
import { MemberIdRequiredError } from '../errors.js';
import { flush, join, joinReq, makeCoordinator, track } from './group-test-kit.test-helper.js';

const code = (c: string) => expect.objectContaining({ code: c });

describe('JoinGroup', () => {
  it('rejects session timeouts outside [6000, 1800000]', async () => {
    const { gc } = makeCoordinator();
    await expect(join(gc, { sessionTimeoutMs: 5999 })).rejects.toEqual(code('INVALID_SESSION_TIMEOUT'));
    await expect(join(gc, { sessionTimeoutMs: 1_800_001 })).rejects.toEqual(code('INVALID_SESSION_TIMEOUT'));
    await expect(join(gc, { groupId: '' })).rejects.toEqual(code('INVALID_GROUP_ID'));
  });

  it('v4+: an empty member id gets MEMBER_ID_REQUIRED with clientId-uuid, and the rejoin with it succeeds', async () => {
    const { gc } = makeCoordinator();
    const err = await join(gc, { requireKnownMemberId: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MemberIdRequiredError);
    const memberId = (err as MemberIdRequiredError).memberId;
    expect(memberId).toMatch(/^client-[0-9a-f-]{36}$/);
    const res = await gc.joinGroup(joinReq(memberId, { requireKnownMemberId: true }));
    expect(res).toMatchObject({ memberId, leader: memberId, generationId: 1, protocolName: 'range', protocolType: 'consumer' });
    expect(res.members).toEqual([{ memberId, groupInstanceId: null, metadata: Buffer.from('m') }]);
  });

  it('rejects unknown member ids and inconsistent protocols', async () => {
    const { gc } = makeCoordinator();
    await expect(gc.joinGroup(joinReq('nobody'))).rejects.toEqual(code('UNKNOWN_MEMBER_ID'));
    const a = await join(gc);
    await expect(join(gc, { protocolType: 'connect' })).rejects.toEqual(code('INCONSISTENT_GROUP_PROTOCOL'));
    await expect(join(gc, { protocols: [{ name: 'roundrobin', metadata: Buffer.alloc(0) }] })).rejects.toEqual(
      code('INCONSISTENT_GROUP_PROTOCOL'),
    );
    await expect(gc.joinGroup(joinReq('nobody'))).rejects.toEqual(code('UNKNOWN_MEMBER_ID'));
    expect(a.generationId).toBe(1);
  });

  it('holds responses until every known member rejoined; only the leader gets the members', async () => {
    const { gc } = makeCoordinator();
    const a = await join(gc, { clientId: 'a' });
    await gc.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [] });
    const b = track(join(gc, { clientId: 'b' }));
    await flush();
    expect(b.done).toBe(false);
    expect(gc.describeGroups(['g'])[0]!.groupState).toBe('PreparingRebalance');
    await expect(gc.heartbeat({ groupId: 'g', generationId: 1, memberId: a.memberId })).rejects.toEqual(code('REBALANCE_IN_PROGRESS'));
    const a2 = await gc.joinGroup(joinReq(a.memberId, { clientId: 'a' }));
    await flush();
    expect(b.done).toBe(true);
    expect(a2).toMatchObject({ generationId: 2, leader: a.memberId });
    expect(a2.members.map((m) => m.memberId)).toEqual([a.memberId, b.value!.memberId]);
    expect(b.value).toMatchObject({ generationId: 2, leader: a.memberId, members: [] });
    expect(gc.describeGroups(['g'])[0]!.groupState).toBe('CompletingRebalance');
  });

  it('removes members that do not rejoin within the rebalance timeout', async () => {
    const { gc, scheduler } = makeCoordinator();
    const a = await join(gc, { clientId: 'a', sessionTimeoutMs: 60_000 });
    const b = track(join(gc, { clientId: 'b', sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 20_000 }));
    await flush();
    scheduler.advance(29_999);
    await flush();
    expect(b.done).toBe(false);
    scheduler.advance(1);
    await flush();
    expect(b.value).toMatchObject({ generationId: 2, leader: b.value!.memberId });
    expect(b.value!.members.map((m) => m.memberId)).toEqual([b.value!.memberId]);
    expect(gc.describeGroups(['g'])[0]!.members.map((m) => m.memberId)).toEqual([b.value!.memberId]);
    await expect(gc.heartbeat({ groupId: 'g', generationId: 2, memberId: a.memberId })).rejects.toEqual(code('UNKNOWN_MEMBER_ID'));
  });

  it('delays the first rebalance of an empty group by the initial delay, extended while members arrive', async () => {
    const { gc, scheduler } = makeCoordinator({ initialRebalanceDelayMs: 3000 });
    const a = track(join(gc, { clientId: 'a' }));
    scheduler.advance(2000);
    const b = track(join(gc, { clientId: 'b' }));
    scheduler.advance(1000); // first delay ends; b arrived during it, so wait another 3000
    await flush();
    expect(a.done).toBe(false);
    scheduler.advance(3000);
    await flush();
    expect(a.value!.generationId).toBe(1);
    expect(b.value!.generationId).toBe(1);
    expect(a.value!.members).toHaveLength(2);
  });

  it('chooses the protocol by vote among those every member supports', async () => {
    const { gc } = makeCoordinator();
    const p = (...names: string[]) => names.map((name) => ({ name, metadata: Buffer.from(name) }));
    const a = await join(gc, { protocols: p('range', 'roundrobin', 'sticky') });
    const b = track(join(gc, { protocols: p('roundrobin', 'sticky') }));
    const c = track(join(gc, { protocols: p('sticky', 'roundrobin') }));
    const d = track(join(gc, { protocols: p('roundrobin', 'sticky') }));
    const a2 = await gc.joinGroup(joinReq(a.memberId, { protocols: p('sticky', 'range', 'roundrobin') }));
    await flush();
    // candidates: roundrobin (b, d) vs sticky (a, c): tie goes to the first member's earlier preference.
    expect(a2.protocolName).toBe('sticky');
    expect(a2.members.find((m) => m.memberId === d.value!.memberId)!.metadata).toEqual(Buffer.from('sticky'));
    expect(b.value!.protocolName).toBe('sticky');
    expect(c.done).toBe(true);
  });
});

describe('SyncGroup and Heartbeat', () => {
  it('parks followers until the leader assigns; each member gets its own assignment', async () => {
    const { gc } = makeCoordinator();
    const a = await join(gc);
    const bJoin = track(join(gc));
    const a2 = await gc.joinGroup(joinReq(a.memberId));
    await flush();
    const b = bJoin.value!;
    const followerSync = track(gc.syncGroup({ groupId: 'g', generationId: 2, memberId: b.memberId, assignments: [] }));
    await flush();
    expect(followerSync.done).toBe(false);
    // Heartbeats answer NONE while CompletingRebalance.
    await gc.heartbeat({ groupId: 'g', generationId: 2, memberId: b.memberId });
    const leaderSync = await gc.syncGroup({
      groupId: 'g',
      generationId: 2,
      memberId: a2.memberId,
      assignments: [
        { memberId: a.memberId, assignment: Buffer.from('A') },
        { memberId: b.memberId, assignment: Buffer.from('B') },
      ],
    });
    await flush();
    expect(leaderSync.assignment).toEqual(Buffer.from('A'));
    expect(followerSync.value!.assignment).toEqual(Buffer.from('B'));
    const described = gc.describeGroups(['g'])[0]!;
    expect(described).toMatchObject({ groupState: 'Stable', protocolType: 'consumer', protocolData: 'range' });
    expect(described.members.map((m) => m.memberAssignment.toString())).toEqual(['A', 'B']);
    await gc.heartbeat({ groupId: 'g', generationId: 2, memberId: b.memberId });
    // A late sync in Stable answers the stored assignment.
    expect((await gc.syncGroup({ groupId: 'g', generationId: 2, memberId: b.memberId, assignments: [] })).assignment).toEqual(Buffer.from('B'));
  });

  it('reports REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION and UNKNOWN_MEMBER_ID', async () => {
    const { gc } = makeCoordinator();
    const a = await join(gc);
    await expect(gc.syncGroup({ groupId: 'g', generationId: 7, memberId: a.memberId, assignments: [] })).rejects.toEqual(code('ILLEGAL_GENERATION'));
    await expect(gc.syncGroup({ groupId: 'g', generationId: 1, memberId: 'x', assignments: [] })).rejects.toEqual(code('UNKNOWN_MEMBER_ID'));
    await expect(gc.syncGroup({ groupId: 'nope', generationId: 1, memberId: 'x', assignments: [] })).rejects.toEqual(code('UNKNOWN_MEMBER_ID'));
    await expect(gc.heartbeat({ groupId: 'g', generationId: 0, memberId: a.memberId })).rejects.toEqual(code('ILLEGAL_GENERATION'));
    await expect(gc.heartbeat({ groupId: 'g', generationId: 1, memberId: 'x' })).rejects.toEqual(code('UNKNOWN_MEMBER_ID'));
    const pendingSync = track(gc.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [] }));
    await flush();
    expect(pendingSync.done).toBe(true);
    const b = track(join(gc));
    await flush();
    await expect(gc.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [] })).rejects.toEqual(code('REBALANCE_IN_PROGRESS'));
    expect(b.done).toBe(false);
  });

  it('a rebalance during CompletingRebalance fails parked followers with REBALANCE_IN_PROGRESS', async () => {
    const { gc } = makeCoordinator();
    const a = await join(gc);
    const b = track(join(gc));
    await gc.joinGroup(joinReq(a.memberId));
    await flush();
    const parked = track(gc.syncGroup({ groupId: 'g', generationId: 2, memberId: b.value!.memberId, assignments: [] }));
    track(join(gc));
    await flush();
    expect(parked.error).toEqual(code('REBALANCE_IN_PROGRESS'));
  });

  it('session expiry removes the member and rebalances; heartbeats keep it alive', async () => {
    const { gc, scheduler } = makeCoordinator();
    const a = await join(gc);
    await gc.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [] });
    for (let i = 0; i < 5; i++) {
      scheduler.advance(9000);
      await gc.heartbeat({ groupId: 'g', generationId: 1, memberId: a.memberId });
    }
    scheduler.advance(10_000);
    await flush();
    expect(gc.describeGroups(['g'])[0]).toMatchObject({ groupState: 'Empty', members: [] });
    await expect(gc.heartbeat({ groupId: 'g', generationId: 1, memberId: a.memberId })).rejects.toEqual(code('UNKNOWN_MEMBER_ID'));
  });
});

describe('LeaveGroup', () => {
  it('removes members with per-member errors; the last one leaving empties the group', async () => {
    const { gc } = makeCoordinator();
    const a = await join(gc, { groupInstanceId: 'inst-a' });
    const b = track(join(gc));
    await gc.joinGroup(joinReq(a.memberId, { groupInstanceId: 'inst-a' }));
    await flush();
    const results = await gc.leaveGroup({
      groupId: 'g',
      members: [
        { memberId: 'wrong', groupInstanceId: 'inst-a' },
        { memberId: '', groupInstanceId: 'inst-x' },
        { memberId: 'ghost' },
        { memberId: b.value!.memberId },
      ],
    });
    expect(results.map((r) => r.error)).toEqual(['FENCED_INSTANCE_ID', 'UNKNOWN_MEMBER_ID', 'UNKNOWN_MEMBER_ID', 'NONE']);
    expect(gc.describeGroups(['g'])[0]!.groupState).toBe('PreparingRebalance');
    const last = await gc.leaveGroup({ groupId: 'g', members: [{ memberId: '', groupInstanceId: 'inst-a' }] });
    expect(last[0]!.error).toBe('NONE');
    expect(gc.describeGroups(['g'])[0]).toMatchObject({ groupState: 'Empty', members: [] });
    await expect(gc.leaveGroup({ groupId: 'nope', members: [{ memberId: 'x' }] })).rejects.toEqual(code('UNKNOWN_MEMBER_ID'));
  });
});

describe('static membership', () => {
  it('a restarted static member takes over without a rebalance; the old id is fenced', async () => {
    const { gc } = makeCoordinator();
    const a = await join(gc, { groupInstanceId: 'i1' });
    await gc.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [{ memberId: a.memberId, assignment: Buffer.from('P0') }] });
    const restarted = await join(gc, { groupInstanceId: 'i1' });
    expect(restarted.memberId).not.toBe(a.memberId);
    expect(restarted).toMatchObject({ generationId: 1, leader: restarted.memberId, skipAssignment: true });
    expect(gc.describeGroups(['g'])[0]!.groupState).toBe('Stable');
    const sync = await gc.syncGroup({ groupId: 'g', generationId: 1, memberId: restarted.memberId, groupInstanceId: 'i1', assignments: [] });
    expect(sync.assignment).toEqual(Buffer.from('P0'));
    await expect(gc.heartbeat({ groupId: 'g', generationId: 1, memberId: a.memberId, groupInstanceId: 'i1' })).rejects.toEqual(
      code('FENCED_INSTANCE_ID'),
    );
    await expect(gc.joinGroup(joinReq(a.memberId, { groupInstanceId: 'i1' }))).rejects.toEqual(code('FENCED_INSTANCE_ID'));
  });

  it('a static member rejoining with changed protocols triggers a rebalance', async () => {
    const { gc } = makeCoordinator();
    const a = await join(gc, { groupInstanceId: 'i1' });
    await gc.syncGroup({ groupId: 'g', generationId: 1, memberId: a.memberId, assignments: [] });
    const r = await join(gc, { groupInstanceId: 'i1', protocols: [{ name: 'range', metadata: Buffer.from('v2') }] });
    expect(r.generationId).toBe(2);
  });
});
