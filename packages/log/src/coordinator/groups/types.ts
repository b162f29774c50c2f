import type { KafkaErrorName } from '../errors.js';

/** Kafka's classic group state names, spelled as DescribeGroups/ListGroups report them. */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface GroupProtocol {
  name: string;
  metadata: Buffer;
}

export interface JoinGroupRequest {
  groupId: string;
  /** '' for a first join. */
  memberId: string;
  groupInstanceId?: string | null;
  clientId: string;
  clientHost?: string;
  sessionTimeoutMs: number;
  /** JoinGroup v0 has none: pass sessionTimeoutMs. */
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: readonly GroupProtocol[];
  /** JoinGroup v4+: an empty member id is answered with MemberIdRequiredError carrying the new id. */
  requireKnownMemberId: boolean;
}

export interface JoinGroupMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Buffer;
}

export interface JoinGroupResponse {
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  memberId: string;
  /** True when a static leader rejoined a stable group: it must not run the assignor again (KIP-814). */
  skipAssignment: boolean;
  /** Only the leader gets the members; everyone else gets []. */
  members: JoinGroupMember[];
}

export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId?: string | null;
  /** SyncGroup v5+; checked when given. */
  protocolType?: string | null;
  protocolName?: string | null;
  /** Only the leader's assignments are used. */
  assignments: readonly { memberId: string; assignment: Buffer }[];
}

export interface SyncGroupResponse {
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
}

export interface HeartbeatRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId?: string | null;
}

export interface LeaveGroupRequest {
  groupId: string;
  /** v0-2 send one member with groupInstanceId null. */
  members: readonly { memberId: string; groupInstanceId?: string | null }[];
}

export interface LeaveGroupMemberResult {
  memberId: string;
  groupInstanceId: string | null;
  error: KafkaErrorName;
}

export interface OffsetCommitPartition {
  partitionIndex: number;
  committedOffset: number;
  committedLeaderEpoch?: number;
  committedMetadata?: string | null;
}

export interface OffsetCommitTopic {
  name: string;
  partitions: readonly OffsetCommitPartition[];
}

export interface OffsetCommitRequest {
  groupId: string;
  /** -1 (and memberId '') for a "simple" commit outside group management. */
  generationId: number;
  memberId: string;
  groupInstanceId?: string | null;
  topics: readonly OffsetCommitTopic[];
}

export interface TxnOffsetCommitRequest extends OffsetCommitRequest {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
}

export interface PartitionResult {
  partitionIndex: number;
  error: KafkaErrorName;
}

export interface TopicPartitionResults {
  name: string;
  partitions: PartitionResult[];
}

export interface OffsetFetchRequest {
  groupId: string;
  /** null = every committed offset of the group. */
  topics: readonly { name: string; partitionIndexes: readonly number[] }[] | null;
  requireStable?: boolean;
}

export interface FetchedOffset {
  partitionIndex: number;
  /** -1 when nothing is committed. */
  committedOffset: number;
  committedLeaderEpoch: number;
  metadata: string | null;
  error: KafkaErrorName;
}

export interface OffsetFetchResponse {
  topics: { name: string; partitions: FetchedOffset[] }[];
}

export interface DescribedMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  memberMetadata: Buffer;
  memberAssignment: Buffer;
}

export interface DescribedGroup {
  groupId: string;
  error: KafkaErrorName;
  groupState: GroupState;
  protocolType: string;
  /** The chosen protocol (assignor) name, '' when none. */
  protocolData: string;
  members: DescribedMember[];
}

export interface ListedGroup {
  groupId: string;
  protocolType: string;
  groupState: GroupState;
}
