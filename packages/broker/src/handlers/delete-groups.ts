import { defineHandler } from '../dispatch/api-handler.js';
import { codeOfErrorName } from '../errors/error-name.js';

export const deleteGroupsHandler = defineHandler<{ groupsNames: string[] }, unknown>({
  apiKey: 42,
  name: 'DeleteGroups',
  advertised: { min: 0, max: 1 },
  async handle(req, ctx) {
    const results = await ctx.broker.groups!.deleteGroups(req.groupsNames);
    return { throttleTimeMs: 0, results: results.map((r) => ({ groupId: r.groupId, errorCode: codeOfErrorName(r.error) })) };
  },
});
