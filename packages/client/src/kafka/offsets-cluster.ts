import type { Kafka } from 'kafkajs';
import { UnsupportedFeatureError } from '../errors/client-errors.js';

/** The slice of a kafkajs Broker that commits offsets (OffsetCommit up to v5). */
export interface OffsetsBroker {
  offsetCommit(request: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    topics: { topic: string; partitions: { partition: number; offset: string; metadata?: string | null }[] }[];
  }): Promise<unknown>;
}

/**
 * The slice of kafkajs's internal Cluster used to list offsets at a chosen isolation level and
 * to commit offsets outside a group membership (kafkajs's Admin can do neither).
 */
export interface OffsetsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  refreshMetadata(): Promise<void>;
  fetchTopicsOffset(
    topics: { topic: string; partitions: { partition: number }[]; fromBeginning?: boolean; fromTimestamp?: number }[],
  ): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
  findGroupCoordinator(request: { groupId: string }): Promise<OffsetsBroker>;
}

type CreateCluster = (options: { allowAutoTopicCreation: boolean; isolationLevel: number }) => OffsetsCluster;

/**
 * kafkajs's Admin lists offsets only read_uncommitted; the read_committed variant (which answers
 * the last stable offset) needs a Cluster built with that isolation level. kafkajs keeps the
 * factory behind a private symbol; kafkajs 2.2.4 is the last release, so this is pinned.
 */
export function createOffsetsCluster(kafka: Kafka, isolationLevel: 0 | 1): OffsetsCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const factory = symbol === undefined ? undefined : (kafka as unknown as Record<symbol, CreateCluster | undefined>)[symbol];
  if (factory === undefined) {
    throw new UnsupportedFeatureError('this kafkajs version hides its cluster factory; listOffsets by isolation level is unavailable');
  }
  return factory({ allowAutoTopicCreation: false, isolationLevel });
}

/** Errors of a ListOffsets sent where the partition's leadership is not (yet) known, e.g. just after CreateTopics. */
const STALE_LEADERSHIP = new Set(['NOT_LEADER_FOR_PARTITION', 'NOT_LEADER_OR_FOLLOWER', 'LEADER_NOT_AVAILABLE', 'UNKNOWN_TOPIC_OR_PARTITION']);

/**
 * Runs a raw cluster call, refreshing metadata and retrying (up to ~3 s) while the broker answers
 * with stale leadership. kafkajs's Admin does this for its own calls; the raw Cluster does not.
 */
export async function withFreshLeaders<T>(cluster: OffsetsCluster, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const type = (error as { type?: unknown }).type;
      if (attempt >= 8 || typeof type !== 'string' || !STALE_LEADERSHIP.has(type)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 800)));
      await cluster.refreshMetadata();
    }
  }
}
