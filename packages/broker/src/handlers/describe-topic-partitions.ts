import type { TopicInfo } from '../backend/broker-backend.js';
import { defineHandler } from '../dispatch/api-handler.js';
import { KafkaErrorCode } from '../errors/kafka-error-code.js';
import { NULL_TOPIC_ID } from './metadata.js';

interface Cursor {
  topicName: string;
  partitionIndex: number;
}

interface DescribeTopicPartitionsRequest {
  topics: Array<{ name: string }>;
  responsePartitionLimit: number;
  cursor: Cursor | null;
}

/** Kafka's `max.request.partition.size.limit` default: the most partitions one response carries. */
const MAX_PARTITIONS_PER_RESPONSE = 2000;
/**
 * What Kafka without an authorizer reports for a topic (READ, WRITE, CREATE, DELETE, ALTER,
 * DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS): this API always carries it, unlike Metadata.
 */
const ALL_TOPIC_OPERATIONS = 3576;

/**
 * What the 3.9+/4.x admin's describeTopics asks first (KIP-966): topics sorted by name, paged by
 * partition count with a cursor, as Kafka's KRaft metadata cache answers it. We are the only
 * replica, so eligible-leader-replica lists are empty, as on a Kafka without ELR enabled.
 */
export const describeTopicPartitionsHandler = defineHandler<DescribeTopicPartitionsRequest, unknown>({
  apiKey: 75,
  name: 'DescribeTopicPartitions',
  advertised: { min: 0, max: 0 },
  async handle(req, ctx) {
    const nodeId = ctx.broker.config.nodeId;
    const known = new Map<string, TopicInfo>();
    for (const t of await ctx.broker.topics.listTopics()) known.set(t.name, t);
    // An empty list means every topic (internal ones included, as Kafka).
    const requested = req.topics.length === 0 ? [...known.keys()] : req.topics.map((t) => t.name);
    const names = [...new Set(requested)].sort();
    const cursor = req.cursor;
    if (cursor !== null && req.topics.length > 0 && !names.includes(cursor.topicName)) {
      // Kafka rejects a cursor outside the requested topics as an invalid request.
      return { throttleTimeMs: 0, topics: names.map((name) => unknownEntry(name, KafkaErrorCode.INVALID_REQUEST)), nextCursor: null };
    }
    let remaining = Math.max(1, Math.min(req.responsePartitionLimit, MAX_PARTITIONS_PER_RESPONSE));
    const topics = [];
    let nextCursor: Cursor | null = null;
    for (const name of names) {
      if (cursor !== null && name < cursor.topicName) continue;
      const t = known.get(name);
      if (t === undefined) {
        topics.push(unknownEntry(name, KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
        continue;
      }
      if (remaining === 0) {
        nextCursor = { topicName: name, partitionIndex: 0 };
        break;
      }
      const start = cursor !== null && name === cursor.topicName ? Math.max(0, cursor.partitionIndex) : 0;
      const end = Math.min(t.partitions, start + remaining);
      const partitions = [];
      for (let i = start; i < end; i++) partitions.push(partitionEntry(i, nodeId));
      remaining -= end - start;
      topics.push({ errorCode: 0, name, topicId: t.topicId, isInternal: t.internal, partitions, topicAuthorizedOperations: ALL_TOPIC_OPERATIONS });
      if (end < t.partitions) {
        nextCursor = { topicName: name, partitionIndex: end };
        break;
      }
    }
    return { throttleTimeMs: 0, topics, nextCursor };
  },
});

function partitionEntry(partitionIndex: number, nodeId: number): unknown {
  return {
    errorCode: 0,
    partitionIndex,
    leaderId: nodeId,
    leaderEpoch: 0,
    replicaNodes: [nodeId],
    isrNodes: [nodeId],
    eligibleLeaderReplicas: [],
    lastKnownElr: [],
    offlineReplicas: [],
  };
}

function unknownEntry(name: string, errorCode: number): unknown {
  return { errorCode, name, topicId: NULL_TOPIC_ID, isInternal: false, partitions: [], topicAuthorizedOperations: -2147483648 };
}
