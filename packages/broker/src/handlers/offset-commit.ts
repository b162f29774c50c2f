import { defineHandler } from '../dispatch/api-handler.js';
import { kafkaErrorCodeOf } from '../errors/error-codes.js';
import { partitionResults } from './offset-results.js';

interface OffsetCommitRequest {
  groupId: string;
  generationIdOrMemberEpoch: number;
  memberId: string;
  groupInstanceId: string | null;
  topics: Array<{
    name: string;
    partitions: Array<{ partitionIndex: number; committedOffset: number; committedLeaderEpoch: number; committedMetadata: string | null }>;
  }>;
}

export const offsetCommitHandler = defineHandler<OffsetCommitRequest, unknown>({
  apiKey: 8,
  name: 'OffsetCommit',
  advertised: { min: 2, max: 7 },
  async handle(req, ctx) {
    try {
      const results = await ctx.broker.groups!.offsetCommit({
        groupId: req.groupId,
        generationId: req.generationIdOrMemberEpoch,
        memberId: req.memberId,
        groupInstanceId: req.groupInstanceId,
        topics: req.topics,
      });
      return { throttleTimeMs: 0, topics: partitionResults(req.topics, results) };
    } catch (err) {
      return { throttleTimeMs: 0, topics: partitionResults(req.topics, kafkaErrorCodeOf(err)) };
    }
  },
});
