import { defineHandler } from '../dispatch/api-handler.js';
import { kafkaErrorCodeOf } from '../errors/error-codes.js';

interface AddOffsetsToTxnRequest {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  groupId: string;
}

export const addOffsetsToTxnHandler = defineHandler<AddOffsetsToTxnRequest, unknown>({
  apiKey: 25,
  name: 'AddOffsetsToTxn',
  advertised: { min: 0, max: 3 },
  async handle(req, ctx) {
    try {
      await ctx.broker.txns!.addOffsetsToTxn({ ...req, producerFencedSupported: ctx.apiVersion >= 2 });
      return { throttleTimeMs: 0, errorCode: 0 };
    } catch (err) {
      return { throttleTimeMs: 0, errorCode: kafkaErrorCodeOf(err) };
    }
  },
});
