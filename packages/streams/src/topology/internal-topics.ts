import { CoPartitioningError, TopologyError } from '../errors/streams-errors.js';
import type { Topology } from './topology.js';

export interface ResolvedInternalTopic {
  /** Full name with the application id prefix. */
  readonly name: string;
  readonly kind: 'repartition' | 'changelog';
  readonly partitions: number;
  /** Changelogs are compacted; repartition topics use delete. */
  readonly cleanupPolicy: 'compact' | 'delete';
}

/**
 * Partition counts for internal topics, from the partition counts of the user's source topics:
 * a repartition topic gets the max of the source topics of the sub-topologies writing into it,
 * a changelog the max of its sub-topology's sources. Validates co-partitioned (joined) topics.
 */
export function resolveInternalTopics(
  topology: Topology,
  applicationId: string,
  partitionsFor: (topic: string) => number | undefined,
): ResolvedInternalTopic[] {
  const counts = new Map<string, number>();
  for (const [name, spec] of topology.internalTopics) if (spec.kind === 'repartition' && spec.partitions !== undefined) counts.set(name, spec.partitions);
  const external = (t: string): number => {
    const n = partitionsFor(t);
    if (n === undefined) throw new TopologyError(`unknown partition count for source topic ${t}`);
    return n;
  };
  const count = (t: string): number | undefined => (topology.isInternalTopic(t) ? counts.get(t) : external(t));
  const subs = topology.subtopologies().filter((s) => !s.global);
  const sinksOf = (nodes: readonly string[]): string[] => {
    const out: string[] = [];
    for (const n of nodes) {
      const spec = topology.nodes.get(n)!;
      if (spec.kind === 'sink' && typeof spec.topic === 'string' && topology.isInternalTopic(spec.topic)) out.push(spec.topic);
    }
    return out;
  };
  // Fixed point: repartition topics can feed each other across sub-topologies.
  for (let changed = true; changed; ) {
    changed = false;
    for (const sub of subs) {
      const known = sub.sourceTopics.map(count).filter((n): n is number => n !== undefined);
      if (known.length === 0) continue;
      const max = Math.max(...known);
      for (const t of sinksOf(sub.nodes)) {
        if (topology.internalTopics.get(t)!.partitions !== undefined) continue;
        if ((counts.get(t) ?? 0) < max) {
          counts.set(t, max);
          changed = true;
        }
      }
    }
  }
  for (const group of topology.copartitionGroups) {
    const ext = group.filter((t) => !topology.isInternalTopic(t)).map((t) => ({ topic: t, partitions: external(t) }));
    const distinct = new Set(ext.map((e) => e.partitions));
    if (distinct.size > 1) throw new CoPartitioningError(ext);
    const target = ext[0]?.partitions ?? Math.max(...group.map((t) => counts.get(t) ?? 1));
    for (const t of group) if (topology.isInternalTopic(t) && topology.internalTopics.get(t)!.partitions === undefined) counts.set(t, target);
  }
  const out: ResolvedInternalTopic[] = [];
  for (const [name, spec] of topology.internalTopics) {
    if (spec.kind === 'repartition') {
      out.push({ name: `${applicationId}-${name}`, kind: 'repartition', partitions: counts.get(name) ?? 1, cleanupPolicy: 'delete' });
    }
  }
  for (const sub of subs) {
    const n = Math.max(1, ...sub.sourceTopics.map((t) => count(t) ?? 1));
    for (const s of sub.stores) {
      const store = topology.stores.get(s)!;
      if (store.changelogTopic === null || store.changelogIsSourceTopic) continue;
      out.push({ name: `${applicationId}-${store.changelogTopic}`, kind: 'changelog', partitions: n, cleanupPolicy: 'compact' });
    }
  }
  return out;
}
