/** One partition of one topic: the unit of assignment, pausing, seeking and committing. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** An offset to commit for a partition; `metadata` is stored with it by the group coordinator. */
export interface TopicPartitionOffset extends TopicPartition {
  readonly offset: number;
  readonly metadata?: string | null;
}

/** Stable map key for a partition (topic names cannot contain NUL). */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
