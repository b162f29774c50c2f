import type { LogNode } from '@tributary/log';
import type { Assignor, MemberAssignment, MemberSubscription } from '../consumer/assignor.js';
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription } from './consumer-protocol.js';
import { toClientError } from './embedded-errors.js';

export interface MemberSettings {
  readonly groupId: string;
  readonly clientId: string;
  /** Static membership: null for a dynamic member. */
  readonly groupInstanceId: string | null;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly assignors: readonly Assignor[];
  /** Called (outside poll) when the member must rejoin: the consumer wakes a waiting poll. */
  onRejoinNeeded(): void;
  /** Checked on every heartbeat: subscribed topics appeared or grew since the join, so rebalance. */
  metadataChanged(): boolean;
}

export interface JoinResult {
  readonly generationId: number;
  readonly memberId: string;
  readonly assignment: MemberAssignment;
  readonly assignor: Assignor | undefined;
}

/** Errors that mean "join again" rather than "fail the poll". */
const REJOIN = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'MEMBER_ID_REQUIRED']);

function codeOf(error: unknown): string {
  return (error as { code?: unknown }).code === undefined ? '' : String((error as { code: unknown }).code);
}

/**
 * One consumer's classic group membership over the node's group coordinator: JoinGroup (the
 * leader runs the assignor on decoded subscriptions), SyncGroup, and heartbeats on a timer that
 * flag a needed rejoin. Rejoining itself is left to poll(), so revocation runs there first.
 */
export class GroupMember {
  memberId = '';
  generationId = -1;
  /** Set by heartbeats (and initially): poll() revokes and joins. */
  rejoinNeeded = true;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly node: LogNode,
    private readonly settings: MemberSettings,
  ) {}

  /** Joins and syncs until a generation completes; rejoins transparently when the group moves on meanwhile. */
  async join(topics: readonly string[]): Promise<JoinResult> {
    this.stopHeartbeat();
    this.rejoinNeeded = false;
    const { groups } = this.node;
    const s = this.settings;
    for (;;) {
      if (this.stopped) throw toClientError(new Error('consumer disconnected'), 'join');
      let joined;
      try {
        joined = await groups.joinGroup({
          groupId: s.groupId,
          memberId: this.memberId,
          groupInstanceId: s.groupInstanceId,
          clientId: s.clientId,
          clientHost: 'embedded',
          sessionTimeoutMs: s.sessionTimeoutMs,
          rebalanceTimeoutMs: s.rebalanceTimeoutMs,
          protocolType: 'consumer',
          protocols: s.assignors.map((a) => ({ name: a.name, metadata: encodeSubscription(topics, a.subscriptionUserData?.(topics) ?? null) })),
          requireKnownMemberId: false,
        });
      } catch (error) {
        if (codeOf(error) === 'UNKNOWN_MEMBER_ID') {
          this.memberId = '';
          continue;
        }
        throw toClientError(error, 'consumer.join');
      }
      if (this.stopped) {
        // Disconnected while the join was held: a dynamic member leaves now rather than after a session timeout.
        if (s.groupInstanceId === null) await groups.leaveGroup({ groupId: s.groupId, members: [{ memberId: joined.memberId }] }).catch(() => undefined);
        throw toClientError(new Error('consumer disconnected'), 'join');
      }
      this.memberId = joined.memberId;
      this.generationId = joined.generationId;
      const assignor = s.assignors.find((a) => a.name === joined.protocolName);
      let assignments: { memberId: string; assignment: Buffer }[] = [];
      if (joined.leader === joined.memberId && !joined.skipAssignment) {
        if (assignor === undefined) throw toClientError(new Error(`no assignor named ${String(joined.protocolName)}`), 'consumer.join');
        assignments = await this.assign(assignor, joined.members);
      }
      try {
        const synced = await groups.syncGroup({
          groupId: s.groupId,
          generationId: joined.generationId,
          memberId: joined.memberId,
          groupInstanceId: s.groupInstanceId,
          protocolType: 'consumer',
          protocolName: joined.protocolName,
          assignments,
        });
        this.startHeartbeat();
        return { generationId: joined.generationId, memberId: joined.memberId, assignment: decodeAssignment(synced.assignment), assignor };
      } catch (error) {
        const code = codeOf(error);
        if (!REJOIN.has(code)) throw toClientError(error, 'consumer.sync');
        if (code === 'UNKNOWN_MEMBER_ID') this.memberId = '';
      }
    }
  }

  /**
   * Leaves the group (when a member) and stops heartbeating for good. A static member only stops
   * heartbeating, as Java's does: its place (and assignment) waits a session timeout for a restart.
   */
  async leave(): Promise<void> {
    this.stopped = true;
    this.stopHeartbeat();
    if (this.memberId === '') return;
    const memberId = this.memberId;
    this.memberId = '';
    this.generationId = -1;
    if (this.settings.groupInstanceId !== null) return;
    await this.node.groups.leaveGroup({ groupId: this.settings.groupId, members: [{ memberId }] }).catch(() => undefined);
  }

  private async assign(assignor: Assignor, members: readonly { memberId: string; groupInstanceId: string | null; metadata: Buffer }[]) {
    const subscriptions: MemberSubscription[] = members.map((m) => {
      const decoded = decodeSubscription(m.metadata);
      return { memberId: m.memberId, groupInstanceId: m.groupInstanceId, topics: decoded.topics, userData: decoded.userData };
    });
    const partitionCounts = new Map<string, number>();
    for (const s of subscriptions) {
      for (const t of s.topics) {
        const n = this.node.log.partitionCount(t);
        if (n !== undefined) partitionCounts.set(t, n);
      }
    }
    const result = await assignor.assign({ groupId: this.settings.groupId, members: subscriptions, partitionCounts });
    return members.map((m) => ({ memberId: m.memberId, assignment: encodeAssignment(result.get(m.memberId) ?? { partitions: [], userData: null }) }));
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    if (this.stopped) return;
    this.heartbeatTimer = setTimeout(() => void this.heartbeat(), this.settings.heartbeatIntervalMs);
    this.heartbeatTimer.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== undefined) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private async heartbeat(): Promise<void> {
    this.heartbeatTimer = undefined;
    if (this.stopped) return;
    const generationId = this.generationId;
    try {
      await this.node.groups.heartbeat({
        groupId: this.settings.groupId,
        generationId,
        memberId: this.memberId,
        groupInstanceId: this.settings.groupInstanceId,
      });
      this.startHeartbeat();
      if (!this.rejoinNeeded && this.settings.metadataChanged()) {
        this.rejoinNeeded = true;
        this.settings.onRejoinNeeded();
      }
    } catch (error) {
      const code = codeOf(error);
      if (code === 'REBALANCE_IN_PROGRESS') {
        // Keep the session alive until poll() rejoins (the rebalance timeout bounds how long).
        this.startHeartbeat();
      } else if (code === 'UNKNOWN_MEMBER_ID') {
        this.memberId = '';
      }
      if (generationId === this.generationId && !this.rejoinNeeded) {
        this.rejoinNeeded = true;
        this.settings.onRejoinNeeded();
      }
    }
  }
}
