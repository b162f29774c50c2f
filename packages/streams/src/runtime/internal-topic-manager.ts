import type { Admin, Logger } from '@tributary/client';
import { TopologyError } from '../errors/streams-errors.js';
import { resolveInternalTopics, type ResolvedInternalTopic } from '../topology/internal-topics.js';
import type { Topology } from '../topology/topology.js';

/**
 * Startup: learns source partition counts, sizes internal topics (the compiler validates
 * co-partitioning and throws CoPartitioningError), creates the missing ones (changelogs
 * compacted, repartition topics with delete and no time retention), and returns every known partition count.
 */
export async function prepareInternalTopics(
  admin: Admin,
  topology: Topology,
  applicationId: string,
  logger: Logger,
): Promise<{ topics: ResolvedInternalTopic[]; partitionCounts: Map<string, number> }> {
  const existing = await admin.listTopics();
  const external = new Set<string>();
  for (const sub of topology.subtopologies()) {
    for (const t of sub.sourceTopics) if (!topology.isInternalTopic(t)) external.add(t);
    for (const p of sub.sourcePatterns) for (const t of existing) if (p.test(t)) external.add(t);
  }
  for (const n of topology.nodes.values()) if (n.kind === 'sink' && typeof n.topic === 'string' && !topology.isInternalTopic(n.topic)) external.add(n.topic);
  const present = [...external].filter((t) => existing.includes(t));
  const partitionCounts = new Map<string, number>();
  if (present.length > 0) for (const d of await admin.describeTopics(present)) partitionCounts.set(d.name, d.partitions.length);
  const missingSources = topology.subtopologies().flatMap((s) => s.sourceTopics).filter((t) => !topology.isInternalTopic(t) && !partitionCounts.has(t));
  if (missingSources.length > 0) throw new TopologyError(`source topics do not exist: ${[...new Set(missingSources)].join(', ')}`);
  const topics = resolveInternalTopics(topology, applicationId, (t) => partitionCounts.get(t));
  const toCreate = topics.filter((t) => !existing.includes(t.name));
  if (toCreate.length > 0) {
    await admin.createTopics(
      toCreate.map((t) => ({ name: t.name, partitions: t.partitions, configs: internalTopicConfigs(t) })),
      { ifNotExists: true },
    );
    logger.info({ topics: toCreate.map((t) => t.name) }, 'created internal topics');
  }
  const present2 = topics.filter((t) => existing.includes(t.name));
  if (present2.length > 0) {
    for (const d of await admin.describeTopics(present2.map((t) => t.name))) {
      const want = topics.find((t) => t.name === d.name)!.partitions;
      if (d.partitions.length !== want) logger.warn({ topic: d.name, has: d.partitions.length, want }, 'internal topic has an unexpected partition count');
    }
  }
  for (const t of topics) partitionCounts.set(t.name, t.partitions);
  return { topics, partitionCounts };
}

/**
 * Kafka Streams' internal topic configs: changelogs compacted; repartition topics never expire
 * by time (retention.ms=-1: inputs with old event timestamps must not vanish before they are
 * read) and are trimmed by the purge after commits instead (RepartitionPurger).
 */
function internalTopicConfigs(t: ResolvedInternalTopic): Record<string, string> {
  return t.kind === 'repartition' ? { 'cleanup.policy': 'delete', 'retention.ms': '-1' } : { 'cleanup.policy': t.cleanupPolicy };
}
