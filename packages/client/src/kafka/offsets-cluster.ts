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
