import { defineHandler } from '../dispatch/api-handler.js';
import { kafkaErrorCodeOf } from '../errors/error-codes.js';

interface HeartbeatRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}

export const heartbeatHandler = defineHandler<HeartbeatRequest, unknown>({
  apiKey: 12,
  name: 'Heartbeat',
  advertised: { min: 0, max: 3 },
  async handle(req, ctx) {
    try {
      await ctx.broker.groups!.heartbeat(req);
      return { throttleTimeMs: 0, errorCode: 0 };
    } catch (err) {
      return { throttleTimeMs: 0, errorCode: kafkaErrorCodeOf(err) };
    }
  },
});
