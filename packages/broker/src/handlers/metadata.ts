import type { TopicInfo } from '../backend/broker-backend.js';
import { defineHandler, type RequestContext } from '../dispatch/api-handler.js';
import { kafkaErrorCodeOf } from '../errors/error-codes.js';
import { KafkaErrorCode } from '../errors/kafka-error-code.js';
import { isValidTopicName } from './topic-names.js';

interface MetadataRequest {
  topics: Array<{ topicId?: string; name: string | null }> | null;
  allowAutoTopicCreation?: boolean;
}

export const NULL_TOPIC_ID = '00000000-0000-0000-0000-000000000000';

/**
 * One broker (ourselves, as leader of everything); auto-creates unknown topics when allowed.
 * v10+ responses carry topic ids; as Kafka 3.9, only v12 may ask for topics by id.
 */
export const metadataHandler = defineHandler<MetadataRequest, unknown>({
  apiKey: 3,
  name: 'Metadata',
  advertised: { min: 0, max: 12 },
  async handle(req, ctx) {
    const { broker } = ctx;
    const nodeId = broker.config.nodeId;
    const { host, port } = broker.advertised();
    // v0: an empty list means all topics; v1+: null means all, [] means none.
    const all = req.topics === null || (ctx.apiVersion === 0 && req.topics.length === 0);
    const topics = [];
    if (all) {
      for (const t of await broker.topics.listTopics()) topics.push(topicEntry(t, nodeId));
    } else {
      const allowAuto = (ctx.apiVersion < 4 || req.allowAutoTopicCreation !== false) && broker.config.autoCreateTopicsEnable;
      for (const { topicId, name } of req.topics!) {
        const byId = topicId !== undefined && topicId !== NULL_TOPIC_ID;
        // Response names are nullable only from v12.
        const echoed = ctx.apiVersion < 12 ? (name ?? '') : name;
        if (byId && ctx.apiVersion < 12) topics.push(errorEntry(echoed, KafkaErrorCode.INVALID_REQUEST));
        else if (byId) topics.push(await lookupById(topicId, nodeId, ctx));
        else if (name === null) topics.push(errorEntry(echoed, KafkaErrorCode.INVALID_REQUEST));
        else topics.push(await lookup(name, allowAuto, nodeId, ctx));
      }
    }
    return {
      throttleTimeMs: 0,
      brokers: [{ nodeId, host, port, rack: null }],
      clusterId: broker.config.clusterId,
      controllerId: nodeId,
      topics,
      clusterAuthorizedOperations: -2147483648,
    };
  },
});

async function lookupById(topicId: string, nodeId: number, ctx: RequestContext): Promise<unknown> {
  const known = (await ctx.broker.topics.listTopics()).find((t) => t.topicId === topicId);
  if (known) return topicEntry(known, nodeId);
  return errorEntry(null, KafkaErrorCode.UNKNOWN_TOPIC_ID, topicId);
}

async function lookup(name: string, allowAuto: boolean, nodeId: number, ctx: RequestContext): Promise<unknown> {
  const known = await ctx.broker.topics.describeTopic(name);
  if (known) return topicEntry(known, nodeId);
  if (!isValidTopicName(name)) return errorEntry(name, KafkaErrorCode.INVALID_TOPIC_EXCEPTION);
  if (!allowAuto) return errorEntry(name, KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  try {
    await ctx.broker.topics.createTopic(name, ctx.broker.config.numPartitions, {}, false);
    ctx.broker.logger.info({ topic: name }, 'auto-created topic from Metadata');
  } catch (err) {
    const code = kafkaErrorCodeOf(err);
    if (code !== KafkaErrorCode.TOPIC_ALREADY_EXISTS) return errorEntry(name, code);
  }
  // As Kafka in KRaft mode (3.x, 4.x): the request that triggers creation sees
  // UNKNOWN_TOPIC_OR_PARTITION (ZooKeeper-mode Kafka said LEADER_NOT_AVAILABLE); clients retry.
  return errorEntry(name, KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
}

export function topicEntry(t: TopicInfo, nodeId: number): unknown {
  const partitions = [];
  for (let i = 0; i < t.partitions; i++) {
    partitions.push({
      errorCode: 0,
      partitionIndex: i,
      leaderId: nodeId,
      leaderEpoch: 0,
      replicaNodes: [nodeId],
      isrNodes: [nodeId],
      offlineReplicas: [],
    });
  }
  return {
    errorCode: 0,
    name: t.name,
    topicId: t.topicId,
    isInternal: t.internal,
    partitions,
    topicAuthorizedOperations: -2147483648,
  };
}

function errorEntry(name: string | null, errorCode: number, topicId = NULL_TOPIC_ID): unknown {
  return { errorCode, name, topicId, isInternal: false, partitions: [], topicAuthorizedOperations: -2147483648 };
}
