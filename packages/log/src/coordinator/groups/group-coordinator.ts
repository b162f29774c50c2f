import { GroupIdNotFoundError, NonEmptyGroupError } from '../errors.js';
import type { KafkaErrorName } from '../errors.js';
import { coordinatorPartitionFor } from '../internal-log.js';
import type { InternalLog } from '../internal-log.js';
import { silentLogger } from '../../logger.js';
import type { LogLogger } from '../../logger.js';
import { systemScheduler } from '../scheduler.js';
import type { Scheduler, TimerHandle } from '../scheduler.js';
import { ClassicGroup } from './classic-group.js';
import type { GroupMember } from './classic-group.js';
import { GroupMembership } from './group-membership.js';
import { GroupOffsets } from './group-offsets.js';
import { OffsetStore } from './offset-store.js';
import { OFFSETS_TOPIC, decodeGroupValue, decodeOffsetValue, decodeOffsetsKey, encodeGroupValue, encodeOffsetsKey } from './offsets-codec.js';
import type { StoredGroup } from './offsets-codec.js';
import type {
  DescribedGroup,
  GroupState,
  HeartbeatRequest,
  JoinGroupRequest,
  JoinGroupResponse,
  LeaveGroupMemberResult,
  LeaveGroupRequest,
  ListedGroup,
  OffsetCommitRequest,
  OffsetFetchRequest,
  OffsetFetchResponse,
  SyncGroupRequest,
  SyncGroupResponse,
  TopicPartitionResults,
  TxnOffsetCommitRequest,
} from './types.js';

export interface GroupCoordinatorOptions {
  log: InternalLog;
  scheduler?: Scheduler;
  logger?: LogLogger;
  /** `offsets.topic.num.partitions` (Kafka default 50). */
  offsetsTopicPartitions?: number;
  /** `group.min.session.timeout.ms` / `group.max.session.timeout.ms` (6000 / 1800000). */
  minSessionTimeoutMs?: number;
  maxSessionTimeoutMs?: number;
  /** `group.initial.rebalance.delay.ms` (Kafka default 3000; 0 disables the delay). */
  initialRebalanceDelayMs?: number;
  /** `offsets.retention.minutes` in ms (7 days) and `offsets.retention.check.interval.ms` (600000). */
  offsetsRetentionMs?: number;
  offsetsRetentionCheckIntervalMs?: number;
  /** `offset.metadata.max.bytes` (4096). */
  offsetMetadataMaxBytes?: number;
}

const EMPTY = Buffer.alloc(0);

/**
 * The classic group coordinator of a single node: membership (JoinGroup/SyncGroup/Heartbeat/
 * LeaveGroup), committed offsets kept in `__consumer_offsets`, and the admin views. Call `start()`
 * (replays the offsets topic) before anything else and `close()` when done.
 */
export class GroupCoordinator {
  private readonly groups = new Map<string, ClassicGroup>();
  private readonly store = new OffsetStore();
  private readonly scheduler: Scheduler;
  private readonly logger: LogLogger;
  private readonly partitions: number;
  private readonly membership: GroupMembership;
  private readonly offsets: GroupOffsets;
  private readonly retentionCheckMs: number;
  private retentionTimer: TimerHandle | undefined;

  constructor(private readonly options: GroupCoordinatorOptions) {
    this.scheduler = options.scheduler ?? systemScheduler();
    this.logger = options.logger ?? silentLogger;
    this.partitions = options.offsetsTopicPartitions ?? 50;
    this.retentionCheckMs = options.offsetsRetentionCheckIntervalMs ?? 600_000;
    this.membership = new GroupMembership({
      groups: this.groups,
      scheduler: this.scheduler,
      config: {
        minSessionTimeoutMs: options.minSessionTimeoutMs ?? 6000,
        maxSessionTimeoutMs: options.maxSessionTimeoutMs ?? 1_800_000,
        initialRebalanceDelayMs: options.initialRebalanceDelayMs ?? 3000,
      },
      persistGroup: (group, assignmentOf) => this.persistGroup(group, assignmentOf),
      background: (work) => this.background(work),
    });
    this.offsets = new GroupOffsets({
      groups: this.groups,
      store: this.store,
      log: options.log,
      scheduler: this.scheduler,
      maxMetadataBytes: options.offsetMetadataMaxBytes ?? 4096,
      retentionMs: options.offsetsRetentionMs ?? 7 * 24 * 3600 * 1000,
      partitionFor: (groupId) => this.partitionFor(groupId),
      dropGroup: (group) => this.dropGroup(group),
    });
  }

  /** The `__consumer_offsets` partition that holds the group (also AddOffsetsToTxn's partition). */
  partitionFor(groupId: string): number {
    return coordinatorPartitionFor(groupId, this.partitions);
  }

  /** Replays `__consumer_offsets`: committed and pending offsets, group metadata (members included). */
  async start(): Promise<void> {
    const stored = new Map<string, StoredGroup | null>();
    for (let p = 0; p < this.partitions; p++) {
      await this.options.log.replay(OFFSETS_TOPIC, p, (record) => {
        if (record.key === null) return;
        const key = decodeOffsetsKey(record.key);
        if (key === undefined) return;
        const value = record.value;
        if (key.type === 'offset') {
          this.store.setCommitted(key.groupId, key.topic, key.partition, value === null ? null : decodeOffsetValue(value));
        } else if (key.type === 'pending') {
          const v = value === null ? null : decodeOffsetValue(value);
          this.store.setPending(key.groupId, key.producerId, key.topic, key.partition, v);
        } else {
          stored.set(key.groupId, value === null ? null : decodeGroupValue(value));
        }
      });
    }
    const now = this.scheduler.now();
    for (const groupId of new Set([...stored.keys(), ...this.store.groupIds()])) {
      const s = stored.get(groupId);
      if (s === null && !this.store.hasOffsets(groupId)) continue;
      const group = new ClassicGroup(groupId, now);
      if (s != null) restoreStoredGroup(group, s);
      this.groups.set(groupId, group);
      this.membership.restore(group);
    }
    this.scheduleRetention();
  }

  /** Cancels timers and fails held JoinGroup/SyncGroup calls with COORDINATOR_NOT_AVAILABLE. */
  close(): void {
    if (this.retentionTimer !== undefined) this.scheduler.cancel(this.retentionTimer);
    for (const group of this.groups.values()) this.membership.closeGroup(group);
  }

  joinGroup(req: JoinGroupRequest): Promise<JoinGroupResponse> {
    return this.membership.joinGroup(req);
  }

  syncGroup(req: SyncGroupRequest): Promise<SyncGroupResponse> {
    return this.membership.syncGroup(req);
  }

  /** Resolves for NONE; rejects with REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID. */
  async heartbeat(req: HeartbeatRequest): Promise<void> {
    this.membership.heartbeat(req);
  }

  async leaveGroup(req: LeaveGroupRequest): Promise<LeaveGroupMemberResult[]> {
    return this.membership.leaveGroup(req);
  }

  offsetCommit(req: OffsetCommitRequest): Promise<TopicPartitionResults[]> {
    return this.offsets.commit(req);
  }

  txnOffsetCommit(req: TxnOffsetCommitRequest): Promise<TopicPartitionResults[]> {
    return this.offsets.txnCommit(req);
  }

  /** Called by the transaction coordinator when it writes the EndTxn markers. */
  completeTransaction(groupId: string, producerId: number, commit: boolean): Promise<void> {
    return this.offsets.completeTransaction(groupId, producerId, commit);
  }

  async offsetFetch(req: OffsetFetchRequest): Promise<OffsetFetchResponse> {
    return this.offsets.fetch(req);
  }

  offsetDelete(groupId: string, topics: readonly { name: string; partitions: readonly number[] }[]): Promise<TopicPartitionResults[]> {
    return this.offsets.delete(groupId, topics);
  }

  /** Runs the offset-retention pass now (it also runs every `offsetsRetentionCheckIntervalMs`). */
  expireOffsets(): Promise<number> {
    return this.offsets.expire();
  }

  listGroups(statesFilter: readonly GroupState[] = []): ListedGroup[] {
    const out: ListedGroup[] = [];
    for (const g of this.groups.values()) {
      if (statesFilter.length > 0 && !statesFilter.includes(g.state)) continue;
      out.push({ groupId: g.groupId, protocolType: g.protocolType ?? '', groupState: g.state });
    }
    return out;
  }

  describeGroups(groupIds: readonly string[]): DescribedGroup[] {
    return groupIds.map((groupId) => {
      const g = this.groups.get(groupId);
      if (g === undefined) {
        return { groupId, error: 'NONE', groupState: 'Dead', protocolType: '', protocolData: '', members: [] };
      }
      const stable = g.state === 'Stable';
      return {
        groupId,
        error: 'NONE',
        groupState: g.state,
        protocolType: g.protocolType ?? '',
        protocolData: g.protocolName ?? '',
        members: [...g.members.values()].map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          // Kafka reports metadata and assignment only for a Stable group.
          memberMetadata: stable ? g.metadataFor(m) : EMPTY,
          memberAssignment: stable ? m.assignment : EMPTY,
        })),
      };
    });
  }

  /** Deletes Empty groups with their offsets; per group NONE, GROUP_ID_NOT_FOUND or NON_EMPTY_GROUP. */
  async deleteGroups(groupIds: readonly string[]): Promise<{ groupId: string; error: KafkaErrorName }[]> {
    const out: { groupId: string; error: KafkaErrorName }[] = [];
    for (const groupId of groupIds) {
      const g = this.groups.get(groupId);
      try {
        if (g === undefined || g.state === 'Dead') throw new GroupIdNotFoundError(groupId);
        if (g.state !== 'Empty') throw new NonEmptyGroupError(groupId);
        const committed = this.store.committedOf(groupId);
        const records = [...(committed?.entries() ?? [])].map(([topic, partition]) => ({
          key: encodeOffsetsKey({ type: 'offset', groupId, topic, partition }),
          value: null,
        }));
        await this.options.log.append(OFFSETS_TOPIC, this.partitionFor(groupId), records);
        for (const [topic, partition] of committed?.entries() ?? []) this.store.setCommitted(groupId, topic, partition, null);
        await this.dropGroup(g);
        out.push({ groupId, error: 'NONE' });
      } catch (e) {
        if (!(e instanceof GroupIdNotFoundError || e instanceof NonEmptyGroupError)) throw e;
        out.push({ groupId, error: e.code });
      }
    }
    return out;
  }

  private async dropGroup(group: ClassicGroup): Promise<void> {
    group.transition('Dead', this.scheduler.now());
    this.groups.delete(group.groupId);
    await this.options.log.append(OFFSETS_TOPIC, this.partitionFor(group.groupId), [
      { key: encodeOffsetsKey({ type: 'group', groupId: group.groupId }), value: null },
    ]);
  }

  private async persistGroup(group: ClassicGroup, assignmentOf?: (m: GroupMember) => Buffer): Promise<void> {
    const value = encodeGroupValue({
      protocolType: group.protocolType,
      generationId: group.generationId,
      protocolName: group.protocolName,
      leaderId: group.leaderId,
      stateTimestamp: group.stateTimestamp,
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        sessionTimeoutMs: m.sessionTimeoutMs,
        rebalanceTimeoutMs: m.rebalanceTimeoutMs,
        subscription: group.metadataFor(m),
        assignment: assignmentOf?.(m) ?? m.assignment,
      })),
    });
    await this.options.log.append(OFFSETS_TOPIC, this.partitionFor(group.groupId), [
      { key: encodeOffsetsKey({ type: 'group', groupId: group.groupId }), value },
    ]);
  }

  private scheduleRetention(): void {
    this.retentionTimer = this.scheduler.schedule(this.retentionCheckMs, () => {
      this.background(this.offsets.expire().then(() => undefined));
      this.scheduleRetention();
    });
  }

  private background(work: Promise<void>): void {
    work.catch((error: unknown) => this.logger.warn({ error }, 'group coordinator background write failed'));
  }
}

function restoreStoredGroup(group: ClassicGroup, s: StoredGroup): void {
  group.protocolType = s.protocolType;
  group.generationId = s.generationId;
  group.protocolName = s.protocolName;
  group.stateTimestamp = s.stateTimestamp;
  for (const m of s.members) {
    group.addMember({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      sessionTimeoutMs: m.sessionTimeoutMs,
      rebalanceTimeoutMs: m.rebalanceTimeoutMs,
      protocols: s.protocolName === null ? [] : [{ name: s.protocolName, metadata: m.subscription }],
      assignment: m.assignment,
    });
  }
  group.leaderId = s.leaderId;
}
