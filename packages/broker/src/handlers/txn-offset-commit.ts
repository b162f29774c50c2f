import { defineHandler } from '../dispatch/api-handler.js';
import { answerCommit, type CommittedTopics } from './offset-results.js';

interface TxnOffsetCommitRequest {
  transactionalId: string;
  groupId: string;
  producerId: number;
  producerEpoch: number;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  topics: CommittedTopics;
}

/** Pending offsets that become visible with the transaction's COMMIT (v3 carries the member for fencing). */
export const txnOffsetCommitHandler = defineHandler<TxnOffsetCommitRequest, unknown>({
  apiKey: 28,
  name: 'TxnOffsetCommit',
  advertised: { min: 0, max: 3 },
  handle: (req, ctx) => answerCommit(req.topics, () => ctx.broker.groups!.txnOffsetCommit(req)),
});
