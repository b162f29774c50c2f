import type { Cluster } from '@tributary/client';
import { TOPICS } from '../topology/topics.js';

/** Creates the app's topics if missing; reference data topics are compacted (latest entry per key wins). */
export async function ensureTopics(cluster: Cluster, partitions: number): Promise<void> {
  const existing = new Set(await cluster.admin.listTopics());
  const compacted = { 'cleanup.policy': 'compact' };
  const wanted = [
    { name: TOPICS.transactions, partitions },
    { name: TOPICS.alerts, partitions },
    { name: TOPICS.deadLetter, partitions: 1 },
    { name: TOPICS.summary, partitions: 1 },
    { name: TOPICS.cardBlocklist, partitions: 1, configs: compacted },
    { name: TOPICS.merchantRisk, partitions: 1, configs: compacted },
  ].filter((t) => !existing.has(t.name));
  if (wanted.length > 0) await cluster.admin.createTopics(wanted);
}

/** Records in `topic` not yet committed by `groupId` (what the app still has to read). */
export async function consumerLag(cluster: Cluster, groupId: string, topic: string): Promise<number> {
  const committed = await cluster.admin.committedOffsets(groupId, [topic]);
  const ends = await cluster.admin.listOffsets(committed.map((c) => ({ topic, partition: c.partition, spec: 'latest' as const })));
  let lag = 0;
  for (const end of ends) {
    const c = committed.find((x) => x.partition === end.partition)?.offset ?? 0;
    lag += Math.max(0, end.offset - c);
  }
  return lag;
}
