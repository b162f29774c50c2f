/**
 * The group coordinator as the handlers call it: structurally the log's GroupCoordinator
 * (packages/log/src/coordinator/groups). Failures throw errors whose `code` is a Kafka error name;
 * per-item results carry `error` names ('NONE' = success).
 */
export interface GroupProtocolEntry {
  name: string;
  metadata: Buffer;
}

export interface GroupPort {
  joinGroup(req: {
    groupId: string;
    memberId: string;
    groupInstanceId?: string | null;
    clientId: string;
    clientHost?: string;
    sessionTimeoutMs: number;
    rebalanceTimeoutMs: number;
    protocolType: string;
    protocols: readonly GroupProtocolEntry[];
    requireKnownMemberId: boolean;
  }): Promise<{
    generationId: number;
    protocolType: string | null;
    protocolName: string | null;
    leader: string;
    memberId: string;
    skipAssignment: boolean;
    members: Array<{ memberId: string; groupInstanceId: string | null; metadata: Buffer }>;
  }>;
  syncGroup(req: {
    groupId: string;
    generationId: number;
    memberId: string;
    groupInstanceId?: string | null;
    protocolType?: string | null;
    protocolName?: string | null;
    assignments: readonly { memberId: string; assignment: Buffer }[];
  }): Promise<{ protocolType: string | null; protocolName: string | null; assignment: Buffer }>;
  heartbeat(req: { groupId: string; generationId: number; memberId: string; groupInstanceId?: string | null }): Promise<void>;
  leaveGroup(req: {
    groupId: string;
    members: readonly { memberId: string; groupInstanceId?: string | null }[];
  }): Promise<Array<{ memberId: string; groupInstanceId: string | null; error: string }>>;
  offsetCommit(req: OffsetCommitInput): Promise<PartitionResults[]>;
  txnOffsetCommit(req: OffsetCommitInput & { transactionalId: string; producerId: number; producerEpoch: number }): Promise<PartitionResults[]>;
  offsetFetch(req: {
    groupId: string;
    topics: readonly { name: string; partitionIndexes: readonly number[] }[] | null;
    requireStable?: boolean;
  }): Promise<{
    topics: Array<{
      name: string;
      partitions: Array<{ partitionIndex: number; committedOffset: number; committedLeaderEpoch: number; metadata: string | null; error: string }>;
    }>;
  }>;
  offsetDelete(groupId: string, topics: readonly { name: string; partitions: readonly number[] }[]): Promise<PartitionResults[]>;
  listGroups(statesFilter?: readonly string[]): Array<{ groupId: string; protocolType: string; groupState: string }>;
  describeGroups(groupIds: readonly string[]): Array<{
    groupId: string;
    error: string;
    groupState: string;
    protocolType: string;
    protocolData: string;
    members: Array<{
      memberId: string;
      groupInstanceId: string | null;
      clientId: string;
      clientHost: string;
      memberMetadata: Buffer;
      memberAssignment: Buffer;
    }>;
  }>;
  deleteGroups(groupIds: readonly string[]): Promise<Array<{ groupId: string; error: string }>>;
}

export interface OffsetCommitInput {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId?: string | null;
  topics: readonly {
    name: string;
    partitions: readonly { partitionIndex: number; committedOffset: number; committedLeaderEpoch?: number; committedMetadata?: string | null }[];
  }[];
}

export interface PartitionResults {
  name: string;
  partitions: Array<{ partitionIndex: number; error: string }>;
}
