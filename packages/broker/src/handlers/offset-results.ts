import type { PartitionResults } from '../backend/group-port.js';
import { codeOfErrorName } from '../errors/error-name.js';
import { kafkaErrorCodeOf } from '../errors/error-codes.js';

interface TopicsIn {
  name: string;
  partitions: ReadonlyArray<{ partitionIndex: number }>;
}

/** Per-partition results in Kafka shape; a whole-request failure gives every partition `errorCode`. */
export function partitionResults(topics: readonly TopicsIn[], results: PartitionResults[] | number): unknown[] {
  if (typeof results === 'number') {
    return topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: results })),
    }));
  }
  return results.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: codeOfErrorName(p.error) })),
  }));
}

/** Topics of an (Txn)OffsetCommit request, as both APIs carry them. */
export type CommittedTopics = Array<{
  name: string;
  partitions: Array<{ partitionIndex: number; committedOffset: number; committedLeaderEpoch: number; committedMetadata: string | null }>;
}>;

/** Runs a commit and answers it in Kafka's shape; a thrown error fails every partition with its code. */
export async function answerCommit(topics: readonly TopicsIn[], commit: () => Promise<PartitionResults[]>): Promise<{ throttleTimeMs: number; topics: unknown[] }> {
  let results: PartitionResults[] | number;
  try {
    results = await commit();
  } catch (err) {
    results = kafkaErrorCodeOf(err);
  }
  return { throttleTimeMs: 0, topics: partitionResults(topics, results) };
}
