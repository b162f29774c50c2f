import { randomUUID } from 'node:crypto';
import {
  CoordinatorNotAvailableError,
  FencedInstanceIdError,
  IllegalGenerationError,
  InconsistentGroupProtocolError,
  InvalidGroupIdError,
  InvalidSessionTimeoutError,
  MemberIdRequiredError,
  RebalanceInProgressError,
  UnknownMemberIdError,
} from '../errors.js';
import type { Scheduler } from '../scheduler.js';
import { ClassicGroup } from './classic-group.js';
import type { GroupMember, Waiter } from './classic-group.js';
import type {
  GroupProtocol,
  HeartbeatRequest,
  JoinGroupRequest,
  JoinGroupResponse,
  LeaveGroupMemberResult,
  LeaveGroupRequest,
  SyncGroupRequest,
  SyncGroupResponse,
} from './types.js';

export interface MembershipConfig {
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  initialRebalanceDelayMs: number;
}

/** What the membership state machine needs from its coordinator. */
export interface MembershipHost {
  readonly groups: Map<string, ClassicGroup>;
  readonly scheduler: Scheduler;
  readonly config: MembershipConfig;
  /** Persists the group's metadata; `assignmentOf` overrides members' assignments (leader's pending SyncGroup). */
  persistGroup(group: ClassicGroup, assignmentOf?: (m: GroupMember) => Buffer): Promise<void>;
  /** Runs a write nobody awaits (failures are logged by the host). */
  background(work: Promise<void>): void;
}

const EMPTY = Buffer.alloc(0);

function sameProtocols(a: readonly GroupProtocol[], b: readonly GroupProtocol[]): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i]!.name && p.metadata.equals(b[i]!.metadata));
}

/**
 * The classic JoinGroup/SyncGroup/Heartbeat/LeaveGroup state machine
 * (Empty → PreparingRebalance → CompletingRebalance → Stable), with session and rebalance timers
 * on the injected scheduler. Held JoinGroup/SyncGroup calls are promises settled when their phase ends.
 */
export class GroupMembership {
  constructor(private readonly host: MembershipHost) {}

  joinGroup(req: JoinGroupRequest): Promise<JoinGroupResponse> {
    return new Promise<JoinGroupResponse>((resolve, reject) => {
      const { config } = this.host;
      if (req.groupId.length === 0) throw new InvalidGroupIdError();
      if (req.sessionTimeoutMs < config.minSessionTimeoutMs || req.sessionTimeoutMs > config.maxSessionTimeoutMs) {
        throw new InvalidSessionTimeoutError(
          `session timeout ${req.sessionTimeoutMs} ms is outside [${config.minSessionTimeoutMs}, ${config.maxSessionTimeoutMs}]`,
        );
      }
      let group = this.host.groups.get(req.groupId);
      if (group === undefined) {
        if (req.memberId.length > 0) throw new UnknownMemberIdError(`group ${req.groupId} does not exist`);
        group = new ClassicGroup(req.groupId, this.host.scheduler.now());
        this.host.groups.set(req.groupId, group);
      }
      if (group.state === 'Dead') throw new CoordinatorNotAvailableError(`group ${req.groupId} is being deleted`);
      if (!group.supportsProtocols(req.protocolType, req.protocols)) {
        throw new InconsistentGroupProtocolError(
          `protocol type ${req.protocolType} / protocols [${req.protocols.map((p) => p.name).join(',')}] do not match group ${req.groupId}`,
        );
      }
      const waiter: Waiter<JoinGroupResponse> = { resolve, reject };
      if (req.memberId.length === 0) this.joinUnknownMember(group, req, waiter);
      else this.joinKnownMember(group, req, waiter);
    });
  }

  syncGroup(req: SyncGroupRequest): Promise<SyncGroupResponse> {
    return new Promise<SyncGroupResponse>((resolve, reject) => {
      const group = this.existingGroup(req.groupId);
      const member = group.validateMember(req.memberId, req.groupInstanceId, 'sync-group');
      if (req.generationId !== group.generationId) {
        throw new IllegalGenerationError(`sync with generation ${req.generationId}, group is at ${group.generationId}`);
      }
      if ((req.protocolType != null && req.protocolType !== group.protocolType) ||
          (req.protocolName != null && req.protocolName !== group.protocolName)) {
        throw new InconsistentGroupProtocolError(`sync protocol does not match group ${group.groupId}`);
      }
      switch (group.state) {
        case 'Empty':
          throw new UnknownMemberIdError(`group ${group.groupId} is empty`);
        case 'PreparingRebalance':
          throw new RebalanceInProgressError();
        case 'Stable':
          this.scheduleSession(group, member);
          resolve(this.syncResponse(group, member));
          return;
        default: // CompletingRebalance: park until the leader's assignment is stored
          member.syncWaiter?.reject(new RebalanceInProgressError('superseded by a newer SyncGroup'));
          member.syncWaiter = { resolve, reject };
          this.scheduleSession(group, member);
          if (member.memberId === group.leaderId) this.host.background(this.completeSync(group, req.assignments));
      }
    });
  }

  heartbeat(req: HeartbeatRequest): void {
    const group = this.existingGroup(req.groupId);
    if (group.state === 'Empty') throw new UnknownMemberIdError(`group ${group.groupId} is empty`);
    const member = group.validateMember(req.memberId, req.groupInstanceId, 'heartbeat');
    if (req.generationId !== group.generationId) {
      throw new IllegalGenerationError(`heartbeat with generation ${req.generationId}, group is at ${group.generationId}`);
    }
    this.scheduleSession(group, member);
    if (group.state === 'PreparingRebalance') throw new RebalanceInProgressError();
  }

  leaveGroup(req: LeaveGroupRequest): LeaveGroupMemberResult[] {
    const group = this.existingGroup(req.groupId);
    return req.members.map(({ memberId, groupInstanceId = null }) => {
      const result = (error: LeaveGroupMemberResult['error']): LeaveGroupMemberResult => ({ memberId, groupInstanceId, error });
      let target = memberId;
      if (groupInstanceId !== null) {
        const current = group.staticMembers.get(groupInstanceId);
        if (current === undefined) return result('UNKNOWN_MEMBER_ID');
        if (memberId.length > 0 && memberId !== current) return result('FENCED_INSTANCE_ID');
        target = current;
      }
      const pending = group.pendingMembers.get(target);
      if (pending !== undefined) {
        this.host.scheduler.cancel(pending);
        group.pendingMembers.delete(target);
        this.tryCompleteJoin(group);
        return result('NONE');
      }
      if (!group.members.has(target)) return result('UNKNOWN_MEMBER_ID');
      this.removeMemberAndUpdateGroup(group, target, new UnknownMemberIdError(`member ${target} left the group`));
      return result('NONE');
    });
  }

  /** Rebuilds a loaded group: Stable with its members (fresh session timers) or Empty. */
  restore(group: ClassicGroup): void {
    group.transition(group.members.size > 0 ? 'Stable' : 'Empty', group.stateTimestamp);
    for (const m of group.members.values()) this.scheduleSession(group, m);
  }

  /** Cancels every timer and fails every held call (coordinator shutdown). */
  closeGroup(group: ClassicGroup): void {
    const { scheduler } = this.host;
    if (group.rebalanceTimer !== undefined) scheduler.cancel(group.rebalanceTimer);
    for (const t of group.pendingMembers.values()) scheduler.cancel(t);
    for (const m of group.members.values()) {
      if (m.sessionTimer !== undefined) scheduler.cancel(m.sessionTimer);
      const err = new CoordinatorNotAvailableError('coordinator closed');
      m.joinWaiter?.reject(err);
      m.syncWaiter?.reject(err);
      m.joinWaiter = m.syncWaiter = undefined;
    }
  }

  private existingGroup(groupId: string): ClassicGroup {
    const group = this.host.groups.get(groupId);
    if (group === undefined) throw new UnknownMemberIdError(`group ${groupId} does not exist`);
    if (group.state === 'Dead') throw new CoordinatorNotAvailableError(`group ${groupId} is being deleted`);
    return group;
  }

  private joinUnknownMember(group: ClassicGroup, req: JoinGroupRequest, waiter: Waiter<JoinGroupResponse>): void {
    const memberId = `${req.clientId}-${randomUUID()}`;
    const instanceId = req.groupInstanceId ?? null;
    if (instanceId !== null) {
      const existing = group.staticMembers.get(instanceId);
      if (existing !== undefined) return this.replaceStaticMember(group, req, existing, memberId, waiter);
    } else if (req.requireKnownMemberId) {
      // Kafka keeps the id pending for one session timeout; the client rejoins with it at once.
      group.pendingMembers.set(
        memberId,
        this.host.scheduler.schedule(req.sessionTimeoutMs, () => {
          if (group.pendingMembers.delete(memberId)) this.tryCompleteJoin(group);
        }),
      );
      throw new MemberIdRequiredError(memberId);
    }
    this.addMemberAndRebalance(group, req, memberId, waiter);
  }

  private joinKnownMember(group: ClassicGroup, req: JoinGroupRequest, waiter: Waiter<JoinGroupResponse>): void {
    const pending = group.pendingMembers.get(req.memberId);
    if (pending !== undefined) {
      this.host.scheduler.cancel(pending);
      group.pendingMembers.delete(req.memberId);
      return this.addMemberAndRebalance(group, req, req.memberId, waiter);
    }
    const member = group.validateMember(req.memberId, req.groupInstanceId, 'join-group');
    const unchanged = sameProtocols(member.protocols, req.protocols);
    const current =
      (group.state === 'CompletingRebalance' && unchanged) ||
      (group.state === 'Stable' && unchanged && member.memberId !== group.leaderId);
    if (current) {
      // A retry of a join whose response was lost: answer with the current generation.
      this.scheduleSession(group, member);
      waiter.resolve(group.joinResponse(member, false));
      return;
    }
    if (group.state === 'Empty') throw new UnknownMemberIdError(`group ${group.groupId} is empty`);
    this.updateMember(member, req);
    member.joinWaiter?.reject(new RebalanceInProgressError('superseded by a newer JoinGroup'));
    member.joinWaiter = waiter;
    this.scheduleSession(group, member);
    this.maybePrepareRebalance(group);
    this.tryCompleteJoin(group);
  }

  private addMemberAndRebalance(group: ClassicGroup, req: JoinGroupRequest, memberId: string, waiter: Waiter<JoinGroupResponse>): void {
    if (group.members.size === 0) group.protocolType = req.protocolType;
    const member: GroupMember = {
      memberId,
      groupInstanceId: req.groupInstanceId ?? null,
      clientId: req.clientId,
      clientHost: req.clientHost ?? '',
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      protocols: [...req.protocols],
      assignment: EMPTY,
      joinWaiter: waiter,
    };
    group.addMember(member);
    if (group.initialDelay !== undefined) group.initialDelay.newMemberAdded = true;
    this.scheduleSession(group, member);
    this.maybePrepareRebalance(group);
    this.tryCompleteJoin(group);
  }

  /** A static member restarted: its new member id takes over; the old id is fenced. */
  private replaceStaticMember(
    group: ClassicGroup,
    req: JoinGroupRequest,
    oldId: string,
    newId: string,
    waiter: Waiter<JoinGroupResponse>,
  ): void {
    const old = group.members.get(oldId)!;
    const fenced = new FencedInstanceIdError(`static member ${old.groupInstanceId} rejoined as ${newId}`);
    old.joinWaiter?.reject(fenced);
    old.syncWaiter?.reject(fenced);
    if (old.sessionTimer !== undefined) this.host.scheduler.cancel(old.sessionTimer);
    const wasLeader = group.leaderId === oldId;
    const unchanged = sameProtocols(old.protocols, req.protocols);
    group.removeMember(oldId);
    const member: GroupMember = { ...old, memberId: newId, joinWaiter: undefined, syncWaiter: undefined, sessionTimer: undefined };
    this.updateMember(member, req);
    group.addMember(member);
    if (wasLeader) group.leaderId = newId;
    this.scheduleSession(group, member);
    if (group.state === 'Stable' && unchanged) {
      // No rebalance: persist the new id and answer with the current generation and assignment.
      this.host.persistGroup(group).then(
        () => waiter.resolve(group.joinResponse(member, wasLeader)),
        (e: unknown) => waiter.reject(new CoordinatorNotAvailableError(`could not persist group: ${String(e)}`)),
      );
      return;
    }
    member.joinWaiter = waiter;
    this.maybePrepareRebalance(group);
    this.tryCompleteJoin(group);
  }

  private updateMember(member: GroupMember, req: JoinGroupRequest): void {
    member.protocols = [...req.protocols];
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    member.clientId = req.clientId;
    member.clientHost = req.clientHost ?? member.clientHost;
  }

  private maybePrepareRebalance(group: ClassicGroup): void {
    if (group.state === 'Stable' || group.state === 'CompletingRebalance' || group.state === 'Empty') {
      this.prepareRebalance(group);
    }
  }

  private prepareRebalance(group: ClassicGroup): void {
    const { scheduler, config } = this.host;
    if (group.state === 'CompletingRebalance') {
      for (const m of group.members.values()) {
        m.assignment = EMPTY;
        m.syncWaiter?.reject(new RebalanceInProgressError());
        m.syncWaiter = undefined;
      }
    }
    const rebalanceTimeout = group.maxRebalanceTimeoutMs();
    if (group.state === 'Empty' && config.initialRebalanceDelayMs > 0) {
      const delay = Math.min(config.initialRebalanceDelayMs, rebalanceTimeout);
      group.initialDelay = { remainingMs: Math.max(rebalanceTimeout - config.initialRebalanceDelayMs, 0), newMemberAdded: false };
      group.rebalanceTimer = scheduler.schedule(delay, () => this.onInitialDelay(group));
    } else {
      group.rebalanceTimer = scheduler.schedule(rebalanceTimeout, () => this.completeJoin(group));
    }
    group.transition('PreparingRebalance', scheduler.now());
  }

  private onInitialDelay(group: ClassicGroup): void {
    const delay = group.initialDelay;
    if (delay === undefined) return;
    if (delay.newMemberAdded && delay.remainingMs > 0) {
      const next = Math.min(this.host.config.initialRebalanceDelayMs, delay.remainingMs);
      delay.remainingMs -= next;
      delay.newMemberAdded = false;
      group.rebalanceTimer = this.host.scheduler.schedule(next, () => this.onInitialDelay(group));
      return;
    }
    this.completeJoin(group);
  }

  private tryCompleteJoin(group: ClassicGroup): void {
    if (group.state === 'PreparingRebalance' && group.initialDelay === undefined && group.hasAllMembersJoined()) {
      this.completeJoin(group);
    }
  }

  private completeJoin(group: ClassicGroup): void {
    if (group.state !== 'PreparingRebalance') return;
    const { scheduler } = this.host;
    if (group.rebalanceTimer !== undefined) scheduler.cancel(group.rebalanceTimer);
    group.rebalanceTimer = undefined;
    group.initialDelay = undefined;
    // Dynamic members that did not rejoin in time are dropped; static ones keep their place.
    for (const m of [...group.members.values()]) {
      if (m.joinWaiter === undefined && m.groupInstanceId === null) {
        if (m.sessionTimer !== undefined) scheduler.cancel(m.sessionTimer);
        group.removeMember(m.memberId);
      }
    }
    group.generationId++;
    if (group.members.size === 0) {
      group.protocolName = null;
      group.leaderId = null;
      group.transition('Empty', scheduler.now());
      this.host.background(this.host.persistGroup(group));
      return;
    }
    group.protocolName = group.selectProtocol();
    if (group.members.get(group.leaderId ?? '')?.joinWaiter === undefined) {
      group.leaderId = [...group.members.values()].find((m) => m.joinWaiter !== undefined)?.memberId ?? group.leaderId;
    }
    group.transition('CompletingRebalance', scheduler.now());
    for (const m of group.members.values()) {
      const waiter = m.joinWaiter;
      if (waiter === undefined) continue;
      m.joinWaiter = undefined;
      this.scheduleSession(group, m);
      waiter.resolve(group.joinResponse(m, false));
    }
  }

  private async completeSync(group: ClassicGroup, assignments: SyncGroupRequest['assignments']): Promise<void> {
    const generation = group.generationId;
    const byMember = new Map(assignments.map((a) => [a.memberId, a.assignment]));
    const assignmentOf = (m: GroupMember): Buffer => byMember.get(m.memberId) ?? EMPTY;
    try {
      await this.host.persistGroup(group, assignmentOf);
    } catch (e) {
      if (group.state === 'CompletingRebalance' && group.generationId === generation) {
        for (const m of group.members.values()) {
          m.syncWaiter?.reject(new CoordinatorNotAvailableError(`could not persist group: ${String(e)}`));
          m.syncWaiter = undefined;
        }
        this.prepareRebalance(group);
      }
      return;
    }
    // A join or leave may have restarted the rebalance while the write was in flight.
    if (group.state !== 'CompletingRebalance' || group.generationId !== generation) return;
    for (const m of group.members.values()) m.assignment = assignmentOf(m);
    group.transition('Stable', this.host.scheduler.now());
    for (const m of group.members.values()) {
      const waiter = m.syncWaiter;
      m.syncWaiter = undefined;
      waiter?.resolve(this.syncResponse(group, m));
    }
  }

  private removeMemberAndUpdateGroup(group: ClassicGroup, memberId: string, reason: Error): void {
    const member = group.removeMember(memberId);
    if (member === undefined) return;
    if (member.sessionTimer !== undefined) this.host.scheduler.cancel(member.sessionTimer);
    member.joinWaiter?.reject(reason);
    member.syncWaiter?.reject(reason);
    member.joinWaiter = member.syncWaiter = undefined;
    if (group.state === 'Stable' || group.state === 'CompletingRebalance') this.prepareRebalance(group);
    this.tryCompleteJoin(group);
  }

  private scheduleSession(group: ClassicGroup, member: GroupMember): void {
    const { scheduler } = this.host;
    if (member.sessionTimer !== undefined) scheduler.cancel(member.sessionTimer);
    member.sessionTimer = scheduler.schedule(member.sessionTimeoutMs, () => {
      if (group.members.get(member.memberId) !== member) return;
      member.sessionTimer = undefined;
      // Members held in JoinGroup/SyncGroup cannot heartbeat; the rebalance bounds their wait instead.
      if (member.joinWaiter !== undefined || member.syncWaiter !== undefined) this.scheduleSession(group, member);
      else this.removeMemberAndUpdateGroup(group, member.memberId, new UnknownMemberIdError('session expired'));
    });
  }

  private syncResponse(group: ClassicGroup, member: GroupMember): SyncGroupResponse {
    return { protocolType: group.protocolType, protocolName: group.protocolName, assignment: member.assignment };
  }
}
