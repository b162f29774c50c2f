import type { TopicDescription } from '@tributary/client';
import { nonDefaultConfigs } from './kafka-topic-defaults.js';

/**
 * kafka-topics --describe's shape: one tab-separated summary line per topic, then one indented
 * line per partition. `Configs` lists the configs that differ from Kafka's defaults (every config
 * with `allConfigs`), sorted by name.
 */
export function formatTopicDescription(t: TopicDescription, allConfigs = false): string {
  const replication = t.partitions[0]?.replicas.length ?? 0;
  const configs = Object.entries(allConfigs ? t.configs : nonDefaultConfigs(t.configs))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  let out = `Topic: ${t.name}\tPartitionCount: ${t.partitions.length}\tReplicationFactor: ${replication}\tConfigs: ${configs}\n`;
  for (const p of t.partitions) {
    out +=
      `\tTopic: ${t.name}\tPartition: ${p.partition}\tLeader: ${p.leader < 0 ? 'none' : p.leader}` +
      `\tReplicas: ${p.replicas.join(',')}\tIsr: ${p.isr.join(',')}\n`;
  }
  return out;
}
