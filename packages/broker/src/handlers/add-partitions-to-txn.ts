import { defineHandler } from '../dispatch/api-handler.js';
import { kafkaErrorCodeOf } from '../errors/error-codes.js';
import { codeOfErrorName } from '../errors/error-name.js';

interface AddPartitionsToTxnRequest {
  v3AndBelowTransactionalId: string;
  v3AndBelowProducerId: number;
  v3AndBelowProducerEpoch: number;
  v3AndBelowTopics: Array<{ name: string; partitions: number[] }>;
}

/** Client versions only (≤ v3); v4+ batched/verify-only is broker-to-broker. */
export const addPartitionsToTxnHandler = defineHandler<AddPartitionsToTxnRequest, unknown>({
  apiKey: 24,
  name: 'AddPartitionsToTxn',
  advertised: { min: 0, max: 3 },
  async handle(req, ctx) {
    const topics = req.v3AndBelowTopics;
    try {
      const results = await ctx.broker.txns!.addPartitionsToTxn({
        transactionalId: req.v3AndBelowTransactionalId,
        producerId: req.v3AndBelowProducerId,
        producerEpoch: req.v3AndBelowProducerEpoch,
        producerFencedSupported: ctx.apiVersion >= 2,
        topics,
      });
      return {
        throttleTimeMs: 0,
        resultsByTopicV3AndBelow: results.map((t) => ({
          name: t.name,
          resultsByPartition: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, partitionErrorCode: codeOfErrorName(p.error) })),
        })),
      };
    } catch (err) {
      const code = kafkaErrorCodeOf(err);
      return {
        throttleTimeMs: 0,
        resultsByTopicV3AndBelow: topics.map((t) => ({
          name: t.name,
          resultsByPartition: t.partitions.map((partitionIndex) => ({ partitionIndex, partitionErrorCode: code })),
        })),
      };
    }
  },
});
