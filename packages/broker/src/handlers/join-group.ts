import { defineHandler } from '../dispatch/api-handler.js';
import { kafkaErrorCodeOf } from '../errors/error-codes.js';
import { KafkaErrorCode } from '../errors/kafka-error-code.js';

interface JoinGroupRequest {
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string;
  protocols: Array<{ name: string; metadata: Buffer }>;
}

/** Held until the rebalance's join phase completes; v4+ first joins get MEMBER_ID_REQUIRED + an id. */
export const joinGroupHandler = defineHandler<JoinGroupRequest, unknown>({
  apiKey: 11,
  name: 'JoinGroup',
  advertised: { min: 0, max: 5 },
  async handle(req, ctx) {
    const groups = ctx.broker.groups!;
    try {
      const res = await groups.joinGroup({
        groupId: req.groupId,
        memberId: req.memberId,
        groupInstanceId: req.groupInstanceId,
        clientId: ctx.clientId ?? '',
        clientHost: '/' + hostOf(ctx.conn.remote),
        sessionTimeoutMs: req.sessionTimeoutMs,
        rebalanceTimeoutMs: ctx.apiVersion >= 1 ? req.rebalanceTimeoutMs : req.sessionTimeoutMs,
        protocolType: req.protocolType,
        protocols: req.protocols,
        requireKnownMemberId: ctx.apiVersion >= 4,
      });
      return {
        throttleTimeMs: 0,
        errorCode: 0,
        generationId: res.generationId,
        protocolType: res.protocolType,
        protocolName: res.protocolName ?? '',
        leader: res.leader,
        skipAssignment: res.skipAssignment,
        memberId: res.memberId,
        members: res.members,
      };
    } catch (err) {
      const code = kafkaErrorCodeOf(err);
      const assigned = code === KafkaErrorCode.MEMBER_ID_REQUIRED ? (err as { memberId?: string }).memberId : undefined;
      return {
        throttleTimeMs: 0,
        errorCode: code,
        generationId: -1,
        protocolType: null,
        protocolName: '',
        leader: '',
        skipAssignment: false,
        memberId: assigned ?? req.memberId,
        members: [],
      };
    }
  },
});

function hostOf(remote: string): string {
  const i = remote.lastIndexOf(':');
  return i === -1 ? remote : remote.slice(0, i);
}
