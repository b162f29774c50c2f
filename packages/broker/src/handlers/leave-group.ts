import { defineHandler } from '../dispatch/api-handler.js';
import { kafkaErrorCodeOf } from '../errors/error-codes.js';
import { codeOfErrorName } from '../errors/error-name.js';

interface LeaveGroupRequest {
  groupId: string;
  memberId: string;
  members: Array<{ memberId: string; groupInstanceId: string | null }>;
}

/** v0–2: one member, its error is the top-level error; v3+: per-member results. */
export const leaveGroupHandler = defineHandler<LeaveGroupRequest, unknown>({
  apiKey: 13,
  name: 'LeaveGroup',
  advertised: { min: 0, max: 3 },
  async handle(req, ctx) {
    const members = ctx.apiVersion >= 3 ? req.members : [{ memberId: req.memberId, groupInstanceId: null }];
    try {
      const results = await ctx.broker.groups!.leaveGroup({ groupId: req.groupId, members });
      const out = results.map((r) => ({ memberId: r.memberId, groupInstanceId: r.groupInstanceId, errorCode: codeOfErrorName(r.error) }));
      const errorCode = ctx.apiVersion >= 3 ? 0 : (out[0]?.errorCode ?? 0);
      return { throttleTimeMs: 0, errorCode, members: out };
    } catch (err) {
      return { throttleTimeMs: 0, errorCode: kafkaErrorCodeOf(err), members: [] };
    }
  },
});
