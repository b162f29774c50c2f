import { defineHandler } from '../dispatch/api-handler.js';
import { kafkaErrorCodeOf } from '../errors/error-codes.js';
import { KafkaErrorCode } from '../errors/kafka-error-code.js';

interface ListOffsetsRequest {
  isolationLevel: number;
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; currentLeaderEpoch: number; timestamp: number }> }>;
}

/** -1 latest (HW, or LSO for read_committed), -2 earliest, else first offset with ts ≥ timestamp. */
export const listOffsetsHandler = defineHandler<ListOffsetsRequest, unknown>({
  apiKey: 2,
  name: 'ListOffsets',
  advertised: { min: 1, max: 5 },
  async handle(req, ctx) {
    const isolation = req.isolationLevel === 1 ? 'read_committed' : 'read_uncommitted';
    const topics = [];
    for (const t of req.topics) {
      const partitions = [];
      for (const p of t.partitions) {
        const base = { partitionIndex: p.partitionIndex, oldStyleOffsets: [], leaderEpoch: 0 };
        if (p.currentLeaderEpoch > 0) {
          partitions.push({ ...base, errorCode: KafkaErrorCode.UNKNOWN_LEADER_EPOCH, timestamp: -1, offset: -1 });
          continue;
        }
        try {
          const found = await ctx.broker.partitions.offsetForTimestamp(t.name, p.partitionIndex, p.timestamp, isolation);
          partitions.push({ ...base, errorCode: 0, timestamp: found?.timestamp ?? -1, offset: found?.offset ?? -1 });
        } catch (err) {
          partitions.push({ ...base, errorCode: kafkaErrorCodeOf(err), timestamp: -1, offset: -1 });
        }
      }
      topics.push({ name: t.name, partitions });
    }
    return { throttleTimeMs: 0, topics };
  },
});
