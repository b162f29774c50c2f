import { defineHandler } from '../dispatch/api-handler.js';
import { kafkaErrorCodeOf } from '../errors/error-codes.js';
import { partitionResults } from './offset-results.js';

interface OffsetDeleteRequest {
  groupId: string;
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number }> }>;
}

export const offsetDeleteHandler = defineHandler<OffsetDeleteRequest, unknown>({
  apiKey: 47,
  name: 'OffsetDelete',
  advertised: { min: 0, max: 0 },
  async handle(req, ctx) {
    try {
      const results = await ctx.broker.groups!.offsetDelete(
        req.groupId,
        req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => p.partitionIndex) })),
      );
      return { errorCode: 0, throttleTimeMs: 0, topics: partitionResults(req.topics, results) };
    } catch (err) {
      return { errorCode: kafkaErrorCodeOf(err), throttleTimeMs: 0, topics: [] };
    }
  },
});
