import type { TopicPartition } from '../records/topic-partition.js';

/** A member's JoinGroup subscription, as Kafka's consumer protocol carries it. */
export interface MemberSubscription {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly topics: readonly string[];
  /** The assignor-specific bytes this member offered (`subscriptionUserData`). */
  readonly userData: Buffer | null;
}

/** What one member gets: partitions plus assignor-specific bytes (e.g. Streams task info). */
export interface MemberAssignment {
  readonly partitions: readonly TopicPartition[];
  readonly userData: Buffer | null;
}

export interface AssignmentInput {
  readonly groupId: string;
  readonly members: readonly MemberSubscription[];
  /** Partition count of every topic any member subscribed to (missing topics are absent). */
  readonly partitionCounts: ReadonlyMap<string, number>;
}

/**
 * Decides, on the group leader, who consumes what. Adapters encode/decode Kafka's consumer
 * protocol around it, so assignors only see decoded subscriptions and assignments.
 */
export interface Assignor {
  /** Protocol name all members must share (e.g. "range", "roundrobin", "stream"). */
  readonly name: string;
  /** Bytes this member sends in its subscription. Synchronous: adapters call it while joining. */
  subscriptionUserData?(topics: readonly string[]): Buffer | null;
  /** Must return an entry for every member (possibly with no partitions). */
  assign(input: AssignmentInput): Map<string, MemberAssignment> | Promise<Map<string, MemberAssignment>>;
  /** Every member (leader or not) learns its own assignment, userData included, before the assigned callback. */
  onAssignment?(assignment: MemberAssignment, generation: { readonly generationId: number; readonly memberId: string }): void;
}
