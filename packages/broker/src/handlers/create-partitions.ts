import { defineHandler } from '../dispatch/api-handler.js';
import { errorMessageOf, kafkaErrorCodeOf } from '../errors/error-codes.js';

interface CreatePartitionsRequest {
  topics: Array<{ name: string; count: number }>;
  validateOnly: boolean;
}

export const createPartitionsHandler = defineHandler<CreatePartitionsRequest, unknown>({
  apiKey: 37,
  name: 'CreatePartitions',
  advertised: { min: 0, max: 1 },
  async handle(req, ctx) {
    const results = [];
    for (const t of req.topics) {
      try {
        await ctx.broker.topics.createPartitions(t.name, t.count, req.validateOnly);
        results.push({ name: t.name, errorCode: 0, errorMessage: null });
      } catch (err) {
        results.push({ name: t.name, errorCode: kafkaErrorCodeOf(err), errorMessage: errorMessageOf(err) });
      }
    }
    return { throttleTimeMs: 0, results };
  },
});
