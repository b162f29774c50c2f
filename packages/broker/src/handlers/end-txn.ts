import { defineHandler } from '../dispatch/api-handler.js';
import { kafkaErrorCodeOf } from '../errors/error-codes.js';

interface EndTxnRequest {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  committed: boolean;
}

/** Answers after the markers are written (transactions V1). */
export const endTxnHandler = defineHandler<EndTxnRequest, unknown>({
  apiKey: 26,
  name: 'EndTxn',
  advertised: { min: 0, max: 3 },
  async handle(req, ctx) {
    try {
      await ctx.broker.txns!.endTxn({ ...req, producerFencedSupported: ctx.apiVersion >= 2 });
      return { throttleTimeMs: 0, errorCode: 0 };
    } catch (err) {
      return { throttleTimeMs: 0, errorCode: kafkaErrorCodeOf(err) };
    }
  },
});
