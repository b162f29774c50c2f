import { defineHandler } from '../dispatch/api-handler.js';
import { errorMessageOf, kafkaErrorCodeOf } from '../errors/error-codes.js';
import { KafkaErrorCode } from '../errors/kafka-error-code.js';
import { isValidTopicName } from './topic-names.js';

interface CreateTopicsRequest {
  topics: Array<{
    name: string;
    numPartitions: number;
    replicationFactor: number;
    assignments: Array<{ partitionIndex: number; brokerIds: number[] }>;
    configs: Array<{ name: string; value: string | null }>;
  }>;
  validateOnly: boolean;
}

/** -1 partitions / replication = broker defaults (v4+); replication above 1 is refused. */
export const createTopicsHandler = defineHandler<CreateTopicsRequest, unknown>({
  apiKey: 19,
  name: 'CreateTopics',
  advertised: { min: 2, max: 4 },
  async handle(req, ctx) {
    const { broker } = ctx;
    const seen = new Map<string, number>();
    for (const t of req.topics) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
    const topics = [];
    for (const t of req.topics) {
      const result = (errorCode: number, errorMessage: string | null): unknown => ({
        name: t.name,
        errorCode,
        errorMessage,
        numPartitions: -1,
        replicationFactor: -1,
        configs: [],
      });
      if (seen.get(t.name)! > 1) {
        topics.push(result(KafkaErrorCode.INVALID_REQUEST, 'duplicate topic name in request'));
        continue;
      }
      if (!isValidTopicName(t.name)) {
        topics.push(result(KafkaErrorCode.INVALID_TOPIC_EXCEPTION, `invalid topic name "${t.name}"`));
        continue;
      }
      let partitions = t.numPartitions;
      if (t.assignments.length > 0) {
        if (partitions !== -1 || t.replicationFactor !== -1) {
          topics.push(result(KafkaErrorCode.INVALID_REQUEST, 'assignments need numPartitions and replicationFactor -1'));
          continue;
        }
        if (t.assignments.some((a) => a.brokerIds.some((b) => b !== broker.config.nodeId) || a.brokerIds.length !== 1)) {
          topics.push(result(KafkaErrorCode.INVALID_REPLICA_ASSIGNMENT, 'this single-node broker can only hold one replica'));
          continue;
        }
        partitions = t.assignments.length;
      }
      if (partitions === -1) partitions = broker.config.numPartitions;
      if (partitions <= 0) {
        topics.push(result(KafkaErrorCode.INVALID_PARTITIONS, `number of partitions must be positive, got ${partitions}`));
        continue;
      }
      const rf = t.replicationFactor;
      if (rf !== -1 && rf !== 1 && t.assignments.length === 0) {
        topics.push(
          result(
            KafkaErrorCode.INVALID_REPLICATION_FACTOR,
            `Replication factor: ${rf} larger than available brokers: 1.`,
          ),
        );
        continue;
      }
      const configs: Record<string, string> = {};
      for (const c of t.configs) if (c.value !== null) configs[c.name] = c.value;
      try {
        await broker.topics.createTopic(t.name, partitions, configs, req.validateOnly);
        topics.push(result(0, null));
      } catch (err) {
        topics.push(result(kafkaErrorCodeOf(err), errorMessageOf(err)));
      }
    }
    return { throttleTimeMs: 0, topics };
  },
});
