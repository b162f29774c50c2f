import { describe, expect, it } from 'vitest';
import type { GroupCoordinator } from './group-coordinator.js';
import { flush, join, joinReq, makeCoordinator, track } from './group-test-kit.test-helper.js';
import type { JoinGroupResponse } from './types.js';

/** The leader's assignor: member i gets "P<i>". */
function syncAll(gc: GroupCoordinator, joins: JoinGroupResponse[], instance: Record<string, string | null> = {}) {
  const leader = joins.find((j) => j.members.length > 0)!;
  const assignments = leader.members.map((m, i) => ({ memberId: m.memberId, assignment: Buffer.from(`P${i}`) }));
  return Promise.all(
    joins.map((j) =>
      gc.syncGroup({
        groupId: 'g',
        generationId: j.generationId,
        memberId: j.memberId,
        groupInstanceId: instance[j.memberId] ?? null,
        assignments: j === leader ? assignments : [],
      }),
    ),
  );
}

describe('multi-member rebalance scenario', () => {
  it('3 members join, one leaves, one session-expires, the static member restarts without a rebalance', async () => {
    const { gc, scheduler } = makeCoordinator({ initialRebalanceDelayMs: 3000 });
    const hb = (j: JoinGroupResponse, instance: string | null = null) =>
      gc.heartbeat({ groupId: 'g', generationId: j.generationId, memberId: j.memberId, groupInstanceId: instance });

    // Generation 1: three members inside the initial delay, one of them static.
    const p1 = track(join(gc, { clientId: 'a' }));
    const p2 = track(join(gc, { clientId: 'b', groupInstanceId: 'static-b' }));
    const p3 = track(join(gc, { clientId: 'c', sessionTimeoutMs: 8000 }));
    scheduler.advance(6000);
    await flush();
    const [a, b, c] = [p1.value!, p2.value!, p3.value!];
    expect([a, b, c].map((j) => j.generationId)).toEqual([1, 1, 1]);
    expect(a.leader).toBe(a.memberId);
    expect(a.members.map((m) => m.groupInstanceId)).toEqual([null, 'static-b', null]);
    const s1 = await syncAll(gc, [a, b, c], { [b.memberId]: 'static-b' });
    expect(s1.map((s) => s.assignment.toString())).toEqual(['P0', 'P1', 'P2']);
    expect(gc.describeGroups(['g'])[0]!.groupState).toBe('Stable');

    // c leaves: a and b are told to rejoin; generation 2 has a and b.
    expect((await gc.leaveGroup({ groupId: 'g', members: [{ memberId: c.memberId }] }))[0]!.error).toBe('NONE');
    await expect(hb(a)).rejects.toMatchObject({ code: 'REBALANCE_IN_PROGRESS' });
    const a2p = gc.joinGroup(joinReq(a.memberId, { clientId: 'a' }));
    const b2p = gc.joinGroup(joinReq(b.memberId, { clientId: 'b', groupInstanceId: 'static-b' }));
    const [a2, b2] = await Promise.all([a2p, b2p]);
    expect([a2.generationId, b2.generationId]).toEqual([2, 2]);
    await syncAll(gc, [a2, b2], { [b.memberId]: 'static-b' });

    // A newcomer d joins (generation 3), then a stops heartbeating and its session expires (generation 4).
    const d3p = track(join(gc, { clientId: 'd' }));
    const [a3, b3] = await Promise.all([
      gc.joinGroup(joinReq(a.memberId, { clientId: 'a' })),
      gc.joinGroup(joinReq(b.memberId, { clientId: 'b', groupInstanceId: 'static-b' })),
    ]);
    await flush();
    const d3 = d3p.value!;
    expect([a3, b3, d3].map((j) => j.generationId)).toEqual([3, 3, 3]);
    await syncAll(gc, [a3, b3, d3], { [b.memberId]: 'static-b' });
    for (let t = 0; t < 3; t++) {
      scheduler.advance(3000);
      await hb(b3, 'static-b');
      await hb(d3);
    }
    scheduler.advance(1500);
    await flush();
    // a's 10 s session ran out: the others must rejoin without it.
    await expect(hb(d3)).rejects.toMatchObject({ code: 'REBALANCE_IN_PROGRESS' });
    const [b4, d4] = await Promise.all([
      gc.joinGroup(joinReq(b.memberId, { clientId: 'b', groupInstanceId: 'static-b' })),
      gc.joinGroup(joinReq(d3.memberId, { clientId: 'd' })),
    ]);
    expect(b4.generationId).toBe(4);
    expect(b4.leader).toBe(b.memberId); // a was the leader; the next member took over
    expect(b4.members.map((m) => m.memberId)).toEqual([b.memberId, d3.memberId]);
    const s4 = await syncAll(gc, [b4, d4], { [b.memberId]: 'static-b' });
    expect(s4.map((s) => s.assignment.toString())).toEqual(['P0', 'P1']);

    // The static member restarts (new process, empty member id): same generation, its assignment kept, old id fenced.
    const restarted = await join(gc, { clientId: 'b', groupInstanceId: 'static-b' });
    expect(restarted).toMatchObject({ generationId: 4, leader: restarted.memberId, skipAssignment: true });
    expect(gc.describeGroups(['g'])[0]!.groupState).toBe('Stable');
    await hb(d4);
    const resynced = await gc.syncGroup({ groupId: 'g', generationId: 4, memberId: restarted.memberId, groupInstanceId: 'static-b', assignments: [] });
    expect(resynced.assignment.toString()).toBe('P0');
    await expect(hb(b4, 'static-b')).rejects.toMatchObject({ code: 'FENCED_INSTANCE_ID' });
    const described = gc.describeGroups(['g'])[0]!;
    expect(described.members.map((m) => [m.clientId, m.groupInstanceId, m.memberAssignment.toString()])).toEqual([
      ['d', null, 'P1'],
      ['b', 'static-b', 'P0'],
    ]);
    gc.close();
  });
});
