import { murmur2Partition } from './murmur2.js';

/**
 * Chooses the partition of a record that names none. Called once per record on the send path,
 * so it takes positional arguments (no per-record object) and must be synchronous.
 */
export interface Partitioner {
  partition(topic: string, key: Buffer | null, partitionCount: number): number;
}

/**
 * Kafka's default: keyed records go to `(murmur2(key) & 0x7fffffff) % n`, as in the Java client,
 * so keys co-partition with Java producers and Kafka Streams. Records without a key rotate
 * round-robin per topic (Java's sticky batching is a throughput tweak, not a placement contract).
 */
export function defaultPartitioner(): Partitioner {
  const counters = new Map<string, number>();
  return {
    partition(topic, key, partitionCount) {
      if (key !== null) return murmur2Partition(key, partitionCount);
      const next = counters.get(topic) ?? Math.floor(Math.random() * partitionCount);
      counters.set(topic, (next + 1) % 0x7fffffff);
      return next % partitionCount;
    },
  };
}
