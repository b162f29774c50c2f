import type { PartitionResults } from '../backend/group-port.js';
import { codeOfErrorName } from '../errors/error-name.js';

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
