import {
  CoordinatorNotAvailableError,
  FencedInstanceIdError,
  IllegalGenerationError,
  RebalanceInProgressError,
  UnknownMemberIdError,
} from '../errors.js';
import type { TimerHandle } from '../scheduler.js';
import type { GroupProtocol, GroupState, JoinGroupResponse, SyncGroupResponse } from './types.js';

export interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

export interface GroupMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: GroupProtocol[];
  assignment: Buffer;
  joinWaiter?: Waiter<JoinGroupResponse>;
  syncWaiter?: Waiter<SyncGroupResponse>;
  sessionTimer?: TimerHandle;
}

const EMPTY = Buffer.alloc(0);

/** One classic group: membership, generation and chosen protocol (the state machine lives in GroupMembership). */
export class ClassicGroup {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  /** When the group last changed state (offset retention counts from the moment it became Empty). */
  stateTimestamp: number;
  readonly members = new Map<string, GroupMember>();
  readonly staticMembers = new Map<string, string>();
  /** Member ids handed out with MEMBER_ID_REQUIRED that have not joined yet, with their expiry timers. */
  readonly pendingMembers = new Map<string, TimerHandle>();
  rebalanceTimer: TimerHandle | undefined;
  /** Set while the first rebalance of an empty group waits `group.initial.rebalance.delay.ms`. */
  initialDelay: { remainingMs: number; newMemberAdded: boolean } | undefined;

  constructor(
    readonly groupId: string,
    now: number,
  ) {
    this.stateTimestamp = now;
  }

  transition(state: GroupState, now: number): void {
    this.state = state;
    this.stateTimestamp = now;
  }

  addMember(member: GroupMember): void {
    this.members.set(member.memberId, member);
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    this.leaderId ??= member.memberId;
  }

  removeMember(memberId: string): GroupMember | undefined {
    const member = this.members.get(memberId);
    if (member === undefined) return undefined;
    this.members.delete(memberId);
    if (member.groupInstanceId !== null && this.staticMembers.get(member.groupInstanceId) === memberId) {
      this.staticMembers.delete(member.groupInstanceId);
    }
    if (this.leaderId === memberId) this.leaderId = this.members.keys().next().value ?? null;
    return member;
  }

  /** Whether a joining member's protocols fit the group (Kafka's ClassicGroup.supportsProtocols). */
  supportsProtocols(protocolType: string, protocols: readonly GroupProtocol[]): boolean {
    if (this.members.size === 0) return protocolType.length > 0 && protocols.length > 0;
    if (protocolType !== this.protocolType) return false;
    const candidates = this.candidateProtocols();
    return protocols.some((p) => candidates.includes(p.name));
  }

  /** Protocols every member supports, in the first member's preference order. */
  candidateProtocols(): string[] {
    const all = [...this.members.values()];
    const first = all[0];
    if (first === undefined) return [];
    return first.protocols.map((p) => p.name).filter((name) => all.every((m) => m.protocols.some((p) => p.name === name)));
  }

  /** Each member votes for its most preferred candidate; most votes wins, ties go to the earlier candidate. */
  selectProtocol(): string {
    const candidates = this.candidateProtocols();
    const votes = new Map<string, number>(candidates.map((c) => [c, 0]));
    for (const m of this.members.values()) {
      const choice = m.protocols.find((p) => votes.has(p.name));
      if (choice !== undefined) votes.set(choice.name, votes.get(choice.name)! + 1);
    }
    let best = candidates[0]!;
    for (const c of candidates) if (votes.get(c)! > votes.get(best)!) best = c;
    return best;
  }

  hasAllMembersJoined(): boolean {
    if (this.pendingMembers.size > 0) return false;
    for (const m of this.members.values()) if (m.joinWaiter === undefined) return false;
    return true;
  }

  maxRebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  metadataFor(member: GroupMember): Buffer {
    return member.protocols.find((p) => p.name === this.protocolName)?.metadata ?? EMPTY;
  }

  /** JoinGroup answer for `member` in the current generation; only the leader gets the member list. */
  joinResponse(member: GroupMember, skipAssignment: boolean): JoinGroupResponse {
    const isLeader = member.memberId === this.leaderId;
    return {
      generationId: this.generationId,
      protocolType: this.protocolType,
      protocolName: this.protocolName,
      leader: this.leaderId ?? '',
      memberId: member.memberId,
      skipAssignment,
      members: isLeader
        ? [...this.members.values()].map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: this.metadataFor(m) }))
        : [],
    };
  }

  /** Kafka's validateMember: static members are checked by instance id, dynamic ones by member id. */
  validateMember(memberId: string, groupInstanceId: string | null | undefined, operation: string): GroupMember {
    if (groupInstanceId != null) {
      const current = this.staticMembers.get(groupInstanceId);
      if (current === undefined) {
        throw new UnknownMemberIdError(`${operation}: unknown static member ${groupInstanceId} in ${this.groupId}`);
      }
      if (current !== memberId) {
        throw new FencedInstanceIdError(
          `${operation}: member ${memberId} of ${groupInstanceId} was replaced by ${current} in ${this.groupId}`,
        );
      }
    }
    const member = this.members.get(memberId);
    if (member === undefined) throw new UnknownMemberIdError(`${operation}: unknown member ${memberId} in ${this.groupId}`);
    return member;
  }

  /** Kafka's ClassicGroup.validateOffsetCommit (transactional commits skip the rebalance checks). */
  validateOffsetCommit(
    memberId: string,
    groupInstanceId: string | null | undefined,
    generationId: number,
    transactional: boolean,
  ): void {
    if (this.state === 'Dead') throw new CoordinatorNotAvailableError(`group ${this.groupId} is being deleted`);
    // A "simple" commit: no group management, only allowed while nobody is a member.
    if (generationId < 0 && this.state === 'Empty') return;
    if (generationId >= 0 || memberId.length > 0 || groupInstanceId != null) {
      this.validateMember(memberId, groupInstanceId, transactional ? 'txn-offset-commit' : 'offset-commit');
      if (generationId !== this.generationId) {
        throw new IllegalGenerationError(
          `offset commit with generation ${generationId}, group ${this.groupId} is at ${this.generationId}`,
        );
      }
    } else if (!transactional && this.state !== 'Empty') {
      throw new UnknownMemberIdError(`group ${this.groupId} has members: commit with a member id and generation`);
    }
    if (!transactional && this.state === 'CompletingRebalance') throw new RebalanceInProgressError();
  }
}
