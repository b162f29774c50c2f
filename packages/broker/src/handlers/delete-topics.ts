import { defineHandler } from '../dispatch/api-handler.js';
import { errorMessageOf, kafkaErrorCodeOf } from '../errors/error-codes.js';

interface DeleteTopicsRequest {
  topicNames: string[];
  topics: Array<{ name: string | null }>;
}

export const deleteTopicsHandler = defineHandler<DeleteTopicsRequest, unknown>({
  apiKey: 20,
  name: 'DeleteTopics',
  advertised: { min: 1, max: 3 },
  async handle(req, ctx) {
    const names = ctx.apiVersion >= 6 ? req.topics.map((t) => t.name ?? '') : req.topicNames;
    const responses = [];
    for (const name of names) {
      try {
        await ctx.broker.topics.deleteTopic(name);
        responses.push({ name, errorCode: 0, errorMessage: null });
      } catch (err) {
        responses.push({ name, errorCode: kafkaErrorCodeOf(err), errorMessage: errorMessageOf(err) });
      }
    }
    return { throttleTimeMs: 0, responses };
  },
});
