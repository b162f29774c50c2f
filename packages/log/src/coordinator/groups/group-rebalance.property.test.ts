import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GroupCoordinator } from './group-coordinator.js';
import { flush, joinReq, makeCoordinator } from './group-test-kit.test-helper.js';
import type { JoinGroupResponse } from './types.js';

const PARTITIONS = 6;

/** A well-behaved classic consumer: join → sync → heartbeat, rejoining when told to. */
class Client {
  memberId = '';
  phase: 'idle' | 'joining' | 'joined' | 'syncing' | 'stable' | 'gone' = 'idle';
  joined: JoinGroupResponse | undefined;

  constructor(
    readonly name: string,
    private readonly gc: GroupCoordinator,
    private readonly received: Map<number, Map<string, number[]>>,
  ) {}

  join(): void {
    if (this.phase !== 'idle' && this.phase !== 'stable' && this.phase !== 'joined') return;
    this.phase = 'joining';
    this.gc.joinGroup(joinReq(this.memberId, { clientId: this.name })).then(
      (r) => {
        this.memberId = r.memberId;
        this.joined = r;
        this.phase = 'joined';
      },
      (e: { code?: string }) => this.onError(e),
    );
  }

  sync(): void {
    if (this.phase !== 'joined' || this.joined === undefined) return;
    const j = this.joined;
    this.phase = 'syncing';
    // The leader assigns partitions round-robin over the members it was given.
    const assignments = j.members.map((m, i) => ({
      memberId: m.memberId,
      assignment: Buffer.from(Array.from({ length: PARTITIONS }, (_, p) => p).filter((p) => p % j.members.length === i)),
    }));
    this.gc.syncGroup({ groupId: 'g', generationId: j.generationId, memberId: this.memberId, assignments }).then(
      (r) => {
        let gen = this.received.get(j.generationId);
        if (gen === undefined) this.received.set(j.generationId, (gen = new Map()));
        gen.set(this.memberId, [...r.assignment]);
        this.phase = 'stable';
      },
      (e: { code?: string }) => this.onError(e),
    );
  }

  heartbeat(): void {
    if ((this.phase !== 'stable' && this.phase !== 'joined') || this.joined === undefined) return;
    this.gc.heartbeat({ groupId: 'g', generationId: this.joined.generationId, memberId: this.memberId }).catch((e: { code?: string }) => this.onError(e));
  }

  leave(): void {
    if (this.memberId === '' || this.phase === 'joining' || this.phase === 'syncing') return;
    void this.gc.leaveGroup({ groupId: 'g', members: [{ memberId: this.memberId }] }).catch(() => undefined);
    this.memberId = '';
    this.phase = 'gone';
  }

  private onError(e: { code?: string }): void {
    if (e.code === 'UNKNOWN_MEMBER_ID') this.memberId = '';
    if (this.phase !== 'gone') this.phase = 'idle';
  }
}

const opArb = fc.oneof(
  fc.record({ kind: fc.constantFrom('join', 'sync', 'heartbeat', 'leave', 'return'), who: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('advance'), who: fc.constant(0), ms: fc.constantFrom(500, 3_000, 11_000) }),
);

describe('GroupCoordinator rebalance property', () => {
  it('no two members of a generation receive overlapping partitions (oracle: disjointness), and the group settles Stable or Empty', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 40 }), async (ops) => {
        const { gc, scheduler } = makeCoordinator();
        const received = new Map<number, Map<string, number[]>>();
        const clients = [0, 1, 2, 3].map((i) => new Client(`c${i}`, gc, received));
        for (const op of ops) {
          const c = clients[op.who]!;
          if (op.kind === 'advance') scheduler.advance((op as { ms: number }).ms);
          else if (op.kind === 'join') c.join();
          else if (op.kind === 'sync') c.sync();
          else if (op.kind === 'heartbeat') c.heartbeat();
          else if (op.kind === 'leave') c.leave();
          else if (c.phase === 'gone') c.phase = 'idle';
          await flush();
        }
        // Settle: live clients follow the protocol until the group is quiet.
        let state = '';
        for (let round = 0; round < 40; round++) {
          for (const c of clients) {
            if (c.phase === 'idle') c.join();
            else if (c.phase === 'joined') c.sync();
            else if (c.phase === 'stable') c.heartbeat();
          }
          await flush();
          scheduler.advance(1_000);
          await flush();
          state = gc.describeGroups(['g'])[0]!.groupState;
          const live = clients.filter((c) => c.phase !== 'gone');
          if ((state === 'Stable' && live.every((c) => c.phase === 'stable')) || (state === 'Empty' && live.length === 0)) break;
        }
        expect(['Stable', 'Empty', 'Dead']).toContain(state);
        for (const byMember of received.values()) {
          const all = [...byMember.values()].flat();
          expect(new Set(all).size).toBe(all.length);
        }
        gc.close();
      }),
      { numRuns: 60 },
    );
  });
});
