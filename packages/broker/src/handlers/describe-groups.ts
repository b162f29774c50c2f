import { defineHandler } from '../dispatch/api-handler.js';
import { codeOfErrorName } from '../errors/error-name.js';

export const describeGroupsHandler = defineHandler<{ groups: string[] }, unknown>({
  apiKey: 15,
  name: 'DescribeGroups',
  advertised: { min: 0, max: 4 },
  handle(req, ctx) {
    const groups = ctx.broker.groups!.describeGroups(req.groups);
    return {
      throttleTimeMs: 0,
      groups: groups.map((g) => ({
        errorCode: codeOfErrorName(g.error),
        groupId: g.groupId,
        groupState: g.groupState,
        protocolType: g.protocolType,
        protocolData: g.protocolData,
        members: g.members,
        authorizedOperations: -2147483648,
      })),
    };
  },
});
