import { defineHandler } from '../dispatch/api-handler.js';
import { kafkaErrorCodeOf } from '../errors/error-codes.js';
import { partitionResults } from './offset-results.js';

interface TxnOffsetCommitRequest {
  transactionalId: string;
  groupId: string;
  producerId: number;
  producerEpoch: number;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  topics: Array<{
    name: string;
    partitions: Array<{ partitionIndex: number; committedOffset: number; committedLeaderEpoch: number; committedMetadata: string | null }>;
  }>;
}

/** Pending offsets that become visible with the transaction's COMMIT (v3 carries the member for fencing). */
export const txnOffsetCommitHandler = defineHandler<TxnOffsetCommitRequest, unknown>({
  apiKey: 28,
  name: 'TxnOffsetCommit',
  advertised: { min: 0, max: 3 },
  async handle(req, ctx) {
    try {
      const results = await ctx.broker.groups!.txnOffsetCommit({
        transactionalId: req.transactionalId,
        producerId: req.producerId,
        producerEpoch: req.producerEpoch,
        groupId: req.groupId,
        generationId: req.generationId,
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
