import { defineHandler } from '../dispatch/api-handler.js';
import { kafkaErrorCodeOf } from '../errors/error-codes.js';

interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string | null;
  protocolName: string | null;
  assignments: Array<{ memberId: string; assignment: Buffer }>;
}

const EMPTY = Buffer.alloc(0);

/** Followers wait for the leader's assignments; everyone gets its own. */
export const syncGroupHandler = defineHandler<SyncGroupRequest, unknown>({
  apiKey: 14,
  name: 'SyncGroup',
  advertised: { min: 0, max: 3 },
  async handle(req, ctx) {
    try {
      const res = await ctx.broker.groups!.syncGroup({
        groupId: req.groupId,
        generationId: req.generationId,
        memberId: req.memberId,
        groupInstanceId: req.groupInstanceId,
        assignments: req.assignments,
        ...(ctx.apiVersion >= 5 ? { protocolType: req.protocolType, protocolName: req.protocolName } : {}),
      });
      return { throttleTimeMs: 0, errorCode: 0, protocolType: res.protocolType, protocolName: res.protocolName, assignment: res.assignment };
    } catch (err) {
      return { throttleTimeMs: 0, errorCode: kafkaErrorCodeOf(err), protocolType: null, protocolName: null, assignment: EMPTY };
    }
  },
});
