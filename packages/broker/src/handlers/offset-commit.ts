import { defineHandler } from '../dispatch/api-handler.js';
import { answerCommit, type CommittedTopics } from './offset-results.js';

interface OffsetCommitRequest {
  groupId: string;
  generationIdOrMemberEpoch: number;
  memberId: string;
  groupInstanceId: string | null;
  topics: CommittedTopics;
}

export const offsetCommitHandler = defineHandler<OffsetCommitRequest, unknown>({
  apiKey: 8,
  name: 'OffsetCommit',
  advertised: { min: 2, max: 7 },
  handle: (req, ctx) =>
    answerCommit(req.topics, () =>
      ctx.broker.groups!.offsetCommit({
        groupId: req.groupId,
        generationId: req.generationIdOrMemberEpoch,
        memberId: req.memberId,
        groupInstanceId: req.groupInstanceId,
        topics: req.topics,
      }),
    ),
});
