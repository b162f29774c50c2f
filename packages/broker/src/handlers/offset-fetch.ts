import { defineHandler } from '../dispatch/api-handler.js';
import { kafkaErrorCodeOf } from '../errors/error-codes.js';
import { codeOfErrorName } from '../errors/error-name.js';

interface OffsetFetchRequest {
  groupId: string;
  topics: Array<{ name: string; partitionIndexes: number[] }> | null;
  requireStable: boolean;
}

/** v2+ null topics = every committed offset; unknown partitions answer offset -1 without error. */
export const offsetFetchHandler = defineHandler<OffsetFetchRequest, unknown>({
  apiKey: 9,
  name: 'OffsetFetch',
  advertised: { min: 1, max: 7 },
  async handle(req, ctx) {
    try {
      const res = await ctx.broker.groups!.offsetFetch({
        groupId: req.groupId,
        topics: req.topics,
        requireStable: ctx.apiVersion >= 7 && req.requireStable,
      });
      return {
        throttleTimeMs: 0,
        errorCode: 0,
        topics: res.topics.map((t) => ({
          name: t.name,
          partitions: t.partitions.map((p) => ({
            partitionIndex: p.partitionIndex,
            committedOffset: p.committedOffset,
            committedLeaderEpoch: p.committedLeaderEpoch,
            metadata: p.metadata ?? (ctx.apiVersion >= 1 ? '' : null),
            errorCode: codeOfErrorName(p.error),
          })),
        })),
      };
    } catch (err) {
      const code = kafkaErrorCodeOf(err);
      // v0–1 have no top-level error: report it on every partition asked for.
      const topics = (req.topics ?? []).map((t) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((partitionIndex) => ({
          partitionIndex,
          committedOffset: -1,
          committedLeaderEpoch: -1,
          metadata: '',
          errorCode: code,
        })),
      }));
      return { throttleTimeMs: 0, errorCode: code, topics: ctx.apiVersion >= 2 ? [] : topics };
    }
  },
});
