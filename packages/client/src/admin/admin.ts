import type { TopicPartition, TopicPartitionOffset } from '../records/topic-partition.js';

export type TopicConfigs = Readonly<Record<string, string>>;

export interface NewTopic {
  readonly name: string;
  /** Defaults to the cluster's `num.partitions`. */
  readonly partitions?: number;
  /** Defaults to the cluster's default replication factor. */
  readonly replicationFactor?: number;
  readonly configs?: TopicConfigs;
}

export interface CreateTopicsOptions {
  /** Do not fail when a topic already exists (the existing one is left unchanged). */
  readonly ifNotExists?: boolean;
  readonly timeoutMs?: number;
}

export interface PartitionInfo {
  readonly partition: number;
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

export interface TopicDescription {
  readonly name: string;
  readonly internal: boolean;
  readonly partitions: readonly PartitionInfo[];
  /** Every config of the topic (defaults included), keyed by name. */
  readonly configs: TopicConfigs;
}

/** Where to look an offset up: first, next-to-write, or first with timestamp >= the given ms. */
export type OffsetSpec = 'earliest' | 'latest' | { readonly timestamp: number };

export type IsolationLevel = 'read_uncommitted' | 'read_committed';

export interface ListOffsetsRequest extends TopicPartition {
  readonly spec: OffsetSpec;
}

export interface ListedOffset extends TopicPartition {
  /** -1 when a timestamp lookup finds no record at or after the timestamp. */
  readonly offset: number;
  /** Timestamp of the found record for timestamp lookups, else -1. */
  readonly timestamp: number;
}

export interface GroupListing {
  readonly groupId: string;
  readonly protocolType: string;
}

export interface GroupMemberDescription {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  /** Subscription bytes the member joined with (opaque to the coordinator). */
  readonly metadata: Buffer;
  /** Assignment bytes the leader gave it (opaque to the coordinator). */
  readonly assignment: Buffer;
  /** The assignment decoded as Kafka's consumer protocol, when protocolType is "consumer". */
  readonly assignedPartitions: readonly TopicPartition[];
}

export interface GroupDescription {
  readonly groupId: string;
  /** "Empty" | "PreparingRebalance" | "CompletingRebalance" | "Stable" | "Dead". */
  readonly state: string;
  readonly protocolType: string;
  /** The chosen assignor's name. */
  readonly protocol: string;
  readonly members: readonly GroupMemberDescription[];
}

export interface CommittedOffset extends TopicPartition {
  /** null when the group has no committed offset for the partition. */
  readonly offset: number | null;
  readonly metadata: string | null;
}

export interface DeleteRecordsRequest extends TopicPartition {
  /** Records before this offset are deleted (the partition's log start moves here). */
  readonly beforeOffset: number;
}

/** Cluster administration: topics, partitions, offsets and groups. */
export interface Admin {
  createTopics(topics: readonly NewTopic[], options?: CreateTopicsOptions): Promise<void>;
  deleteTopics(names: readonly string[]): Promise<void>;
  /** Names of the cluster's topics; internal ones (`__consumer_offsets`, ...) only when asked. */
  listTopics(options?: { readonly includeInternal?: boolean }): Promise<string[]>;
  describeTopics(names: readonly string[]): Promise<TopicDescription[]>;
  /** Grows a topic to `totalCount` partitions (Kafka cannot shrink). */
  createPartitions(topic: string, totalCount: number): Promise<void>;
  /** Sets (string) or resets to default (null) the given configs, leaving the others alone. */
  alterTopicConfigs(topic: string, changes: Readonly<Record<string, string | null>>): Promise<void>;
  listOffsets(
    requests: readonly ListOffsetsRequest[],
    options?: { readonly isolationLevel?: IsolationLevel },
  ): Promise<ListedOffset[]>;
  deleteRecords(requests: readonly DeleteRecordsRequest[]): Promise<void>;
  listGroups(): Promise<GroupListing[]>;
  describeGroups(groupIds: readonly string[]): Promise<GroupDescription[]>;
  /** Committed offsets of a group; all partitions of `topics` (or every committed one when omitted). */
  committedOffsets(groupId: string, topics?: readonly string[]): Promise<CommittedOffset[]>;
  deleteGroups(groupIds: readonly string[]): Promise<void>;
  /**
   * Sets committed offsets (the next offset to read, with optional metadata) of a group that has
   * no members, as Kafka's `AdminClient.alterConsumerGroupOffsets`; a group that does not exist
   * is created with them. Fails with `GroupNotEmptyError` while the group has members (only
   * they may commit).
   */
  alterGroupOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void>;
}
