import { defineHandler } from '../dispatch/api-handler.js';

export const listGroupsHandler = defineHandler<{ statesFilter: string[] }, unknown>({
  apiKey: 16,
  name: 'ListGroups',
  advertised: { min: 0, max: 2 },
  handle(req, ctx) {
    const groups = ctx.broker.groups!.listGroups(ctx.apiVersion >= 4 ? req.statesFilter : []);
    return { throttleTimeMs: 0, errorCode: 0, groups: groups.map((g) => ({ ...g, groupType: 'classic' })) };
  },
});
