import { TopicExistsError, type Cluster } from '@tributary/client';
import { TOPICS } from '../topology/topics.js';

/**
 * Creates the walk-through's topics if missing. Every service calls it before anything else:
 * a broker that auto-creates topics would otherwise make `orders` with one partition the first
 * time a consumer subscribes. The status app joins four topics by order id, so they share one
 * partition count (co-partitioning); `stock` matches it for the inventory app's merge.
 */
export async function ensureTopics(cluster: Cluster, partitions: number): Promise<void> {
  const keyed = [TOPICS.orders, TOPICS.payments, TOPICS.reservations, TOPICS.notifications, TOPICS.orderStatus, TOPICS.stock];
  const wanted = [
    ...keyed.map((name) => ({ name, partitions, ...(name === TOPICS.stock ? { configs: { 'cleanup.policy': 'compact' } } : {}) })),
    { name: TOPICS.paymentsDlq, partitions: 1 },
  ];
  try {
    await cluster.admin.createTopics(wanted, { ifNotExists: true });
  } catch (error) {
    // Another service created some of them between our check and our request: check again.
    if (!(error instanceof TopicExistsError)) throw error;
    await cluster.admin.createTopics(wanted, { ifNotExists: true });
  }
}

/** Records of `topic` (all partitions) up to the end of the log. */
export async function topicSize(cluster: Cluster, topic: string): Promise<number> {
  const [description] = await cluster.admin.describeTopics([topic]);
  if (description === undefined) return 0;
  const ends = await cluster.admin.listOffsets(description.partitions.map((p) => ({ topic, partition: p.partition, spec: 'latest' as const })));
  return ends.reduce((n, e) => n + e.offset, 0);
}
