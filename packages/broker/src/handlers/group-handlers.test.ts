import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../testing/raw-client.test-helper.js';
import { startLogBroker } from '../testing/test-broker.test-helper.js';

let broker: Awaited<ReturnType<typeof startLogBroker>> | undefined;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await broker?.close();
  broker = undefined;
});

async function client(): Promise<RawClient> {
  const c = await RawClient.connect(broker!.port);
  clients.push(c);
  return c;
}

const join = (memberId: string, groupId = 'g') => ({
  groupId,
  sessionTimeoutMs: 10_000,
  rebalanceTimeoutMs: 10_000,
  memberId,
  groupInstanceId: null,
  protocolType: 'consumer',
  protocols: [{ name: 'range', metadata: Buffer.from([1, 2, 3]) }],
});

describe('group handlers', () => {
  it('join (MEMBER_ID_REQUIRED then joined), sync, heartbeat, commit, fetch, describe, list, leave, delete', async () => {
    broker = await startLogBroker();
    const c = await client();
    const first = await c.request(11, 5, join(''));
    expect(first.errorCode).toBe(79);
    expect(first.memberId).toMatch(/^raw-test-/);
    const joined = await c.request(11, 5, join(first.memberId));
    expect(joined).toMatchObject({ errorCode: 0, generationId: 1, protocolName: 'range', leader: first.memberId, memberId: first.memberId });
    expect(joined.members.map((m) => m.memberId)).toEqual([first.memberId]);

    const sync = await c.request(14, 3, {
      groupId: 'g', generationId: 1, memberId: first.memberId, groupInstanceId: null,
      assignments: [{ memberId: first.memberId, assignment: Buffer.from('mine') }],
    });
    expect(sync).toMatchObject({ errorCode: 0 });
    expect(sync.assignment.toString()).toBe('mine');
    expect((await c.request(12, 3, { groupId: 'g', generationId: 1, memberId: first.memberId, groupInstanceId: null })).errorCode).toBe(0);
    expect((await c.request(12, 3, { groupId: 'g', generationId: 9, memberId: first.memberId, groupInstanceId: null })).errorCode).toBe(22);
    expect((await c.request(12, 3, { groupId: 'g', generationId: 1, memberId: 'ghost', groupInstanceId: null })).errorCode).toBe(25);

    const commit = await c.request(8, 7, {
      groupId: 'g', generationIdOrMemberEpoch: 1, memberId: first.memberId, groupInstanceId: null,
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: -1, committedMetadata: 'm' }] }],
    });
    expect(commit.topics[0]!.partitions[0]!.errorCode).toBe(0);
    const bad = await c.request(8, 7, {
      groupId: 'g', generationIdOrMemberEpoch: 7, memberId: first.memberId, groupInstanceId: null,
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, committedMetadata: null }] }],
    });
    expect(bad.topics[0]!.partitions[0]!.errorCode).toBe(22);

    const all = await c.request(9, 7, { groupId: 'g', topics: null, requireStable: true });
    expect(all.errorCode).toBe(0);
    expect(all.topics).toMatchObject([{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 42, metadata: 'm', errorCode: 0 }] }]);
    const some = await c.request(9, 4, { groupId: 'g', topics: [{ name: 't', partitionIndexes: [0, 5] }] });
    expect(some.topics[0]!.partitions.map((p) => [p.partitionIndex, p.committedOffset])).toEqual([[0, 42], [5, -1]]);

    const described = await c.request(15, 4, { groups: ['g', 'nope'], includeAuthorizedOperations: false });
    expect(described.groups[0]).toMatchObject({ groupId: 'g', groupState: 'Stable', protocolType: 'consumer', protocolData: 'range', errorCode: 0 });
    expect(described.groups[0]!.members[0]!.memberAssignment.toString()).toBe('mine');
    expect(described.groups[1]).toMatchObject({ groupId: 'nope', groupState: 'Dead' });
    expect((await c.request(16, 2, {})).groups).toMatchObject([{ groupId: 'g', protocolType: 'consumer' }]);

    expect((await c.request(42, 1, { groupsNames: ['g'] })).results[0]!.errorCode).toBe(68);
    const leave = await c.request(13, 3, { groupId: 'g', members: [{ memberId: first.memberId, groupInstanceId: null }] });
    expect(leave).toMatchObject({ errorCode: 0, members: [{ memberId: first.memberId, errorCode: 0 }] });
    expect((await c.request(13, 1, { groupId: 'g', memberId: 'ghost' })).errorCode).toBe(25);
    const od = await c.request(47, 0, { groupId: 'g', topics: [{ name: 't', partitions: [{ partitionIndex: 0 }] }] });
    expect(od.topics[0]!.partitions[0]!.errorCode).toBe(0);
    expect((await c.request(42, 1, { groupsNames: ['g', 'nope'] })).results.map((r) => r.errorCode)).toEqual([0, 69]);
  });

  it('a held JoinGroup blocks only its own connection', async () => {
    broker = await startLogBroker();
    const a = await client();
    const b = await client();
    const ida = (await a.request(11, 5, join(''))).memberId;
    await a.request(11, 5, join(ida));
    await a.request(14, 3, { groupId: 'g', generationId: 1, memberId: ida, groupInstanceId: null, assignments: [] });
    // b's join starts a rebalance that waits for a to rejoin: b's connection is held.
    const idb = (await b.request(11, 5, join(''))).memberId;
    const held = b.request(11, 5, join(idb));
    // a keeps being served meanwhile and learns about the rebalance.
    expect((await a.request(12, 3, { groupId: 'g', generationId: 1, memberId: ida, groupInstanceId: null })).errorCode).toBe(27);
    const rejoin = await a.request(11, 5, join(ida));
    const bJoined = await held;
    expect(rejoin.generationId).toBe(2);
    expect(bJoined.generationId).toBe(2);
    expect([rejoin.leader, bJoined.leader]).toEqual([ida, ida]);
  });

  it('shutdown answers a held JoinGroup (COORDINATOR_NOT_AVAILABLE) instead of waiting for the rebalance', async () => {
    broker = await startLogBroker({ shutdownTimeoutMs: 20_000 });
    const a = await client();
    const b = await client();
    const ida = (await a.request(11, 5, join(''))).memberId;
    await a.request(11, 5, join(ida));
    await a.request(14, 3, { groupId: 'g', generationId: 1, memberId: ida, groupInstanceId: null, assignments: [] });
    const idb = (await b.request(11, 5, join(''))).memberId;
    const held = b.request(11, 5, join(idb));
    // a's heartbeat proves the rebalance (and so b's held join) has begun.
    expect((await a.request(12, 3, { groupId: 'g', generationId: 1, memberId: ida, groupInstanceId: null })).errorCode).toBe(27);
    const t0 = Date.now();
    await broker.close();
    broker = undefined;
    expect((await held).errorCode).toBe(15);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});
