import { defineHandler } from '../dispatch/api-handler.js';
import { kafkaErrorCodeOf } from '../errors/error-codes.js';

interface InitProducerIdRequest {
  transactionalId: string | null;
  transactionTimeoutMs: number;
  producerId: number;
  producerEpoch: number;
}

/** Null transactional id = a fresh idempotent producer id; otherwise epoch bump / fencing. */
export const initProducerIdHandler = defineHandler<InitProducerIdRequest, unknown>({
  apiKey: 22,
  name: 'InitProducerId',
  advertised: { min: 0, max: 4 },
  async handle(req, ctx) {
    try {
      const res = await ctx.broker.txns!.initProducerId({
        transactionalId: req.transactionalId,
        transactionTimeoutMs: req.transactionTimeoutMs,
        ...(ctx.apiVersion >= 3 ? { producerId: req.producerId, producerEpoch: req.producerEpoch } : {}),
        producerFencedSupported: ctx.apiVersion >= 4,
      });
      return { throttleTimeMs: 0, errorCode: 0, producerId: res.producerId, producerEpoch: res.producerEpoch };
    } catch (err) {
      return { throttleTimeMs: 0, errorCode: kafkaErrorCodeOf(err), producerId: -1, producerEpoch: -1 };
    }
  },
});
